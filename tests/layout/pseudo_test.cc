#include "layout/pseudo.h"

#include <gtest/gtest.h>

namespace plaquette::layout {
namespace {

std::size_t code_points(const std::string& s) {
  std::size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

TEST(Pseudo, AccentsLettersAndGrowsByFortyPercent) {
  std::string p = pseudo_text("Logements en QPV");
  EXPECT_EQ(p.rfind("L\u00F6g\u00E9m\u00E9\u00F1ts \u00E9\u00F1 QPV ", 0), 0u) << p;
  EXPECT_GE(code_points(p), 16u * 14 / 10);
}

TEST(Pseudo, TemplatesKeepTheirBindings) {
  std::string p = pseudo_template("Projets : {projects|count} **illustrations** {@x} {{a}}");
  EXPECT_NE(p.find("{projects|count}"), std::string::npos) << p;
  EXPECT_NE(p.find("{@x}"), std::string::npos) << p;
  EXPECT_NE(p.find("**"), std::string::npos) << p;
  EXPECT_NE(p.find("{{"), std::string::npos) << p;
  EXPECT_EQ(p.find("{pr\u00F6"), std::string::npos) << p;
}

TEST(Pseudo, EmptyStaysEmpty) { EXPECT_EQ(pseudo_text(""), ""); }

TEST(Pseudo, CatalogCopyIsRenamed) {
  Catalog c;
  c.locale = "fr";
  c.language = "fr-FR";
  c.messages["t"] = {"Titre", {}};
  Catalog p = pseudo_catalog(c);
  EXPECT_EQ(p.locale, "qps");
  EXPECT_EQ(p.language, "fr-FR");
  EXPECT_NE(p.messages["t"].text, "Titre");
}

}  // namespace
}  // namespace plaquette::layout

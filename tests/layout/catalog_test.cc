#include "layout/catalog.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>

namespace plaquette::layout {
namespace {

namespace fs = std::filesystem;

class CatalogTest : public ::testing::Test {
 protected:
  fs::path write(const std::string& text) {
    fs::path p = fs::temp_directory_path() /
                 ("plaquette-catalog-" + std::to_string(::getpid()) + ".fr.yaml");
    std::ofstream(p) << text;
    files_.push_back(p);
    return p;
  }
  void TearDown() override {
    for (const fs::path& p : files_) fs::remove(p);
  }
  std::vector<fs::path> files_;
  Diagnostics diags;
};

TEST(CatalogPath, SitsBesideTheLayout) {
  EXPECT_EQ(catalog_path("layouts/gusp-brochure.yaml", "fr"), "layouts/gusp-brochure.fr.yaml");
  EXPECT_EQ(catalog_path("x.yaml", "nl"), "x.nl.yaml");
}

TEST_F(CatalogTest, LoadsMessagesWithPositions) {
  fs::path p = write("language: fr-FR\nmessages:\n  title: \"Titre\"\n  heading: \"En-tête\"\n");
  auto c = load_catalog(p.string(), "fr", diags);
  ASSERT_TRUE(c);
  EXPECT_EQ(c->language, "fr-FR");
  ASSERT_NE(c->find("heading"), nullptr);
  EXPECT_EQ(c->find("heading")->text, "En-tête");
  EXPECT_EQ(c->find("heading")->pos.line, 4);
  EXPECT_EQ(c->find("nope"), nullptr);
}

TEST_F(CatalogTest, AnUnknownLanguageIsAnErrorAtTheKey) {
  fs::path p = write("language: fe\nmessages:\n  title: \"Titre\"\n");
  EXPECT_FALSE(load_catalog(p.string(), "fr", diags));
  ASSERT_EQ(diags.error_count(), 1u);
  EXPECT_EQ(diags.all()[0].pos.line, 1);
}

TEST_F(CatalogTest, AMissingCatalogNamesTheFileAndTheLocale) {
  EXPECT_FALSE(load_catalog("/nonexistent/gusp.xx.yaml", "xx", diags));
  ASSERT_EQ(diags.error_count(), 1u);
  EXPECT_EQ(diags.all()[0].message, "no catalog for locale `xx`");
  EXPECT_EQ(diags.all()[0].pos.file, "/nonexistent/gusp.xx.yaml");
}

TEST_F(CatalogTest, EmptyMessagesAreErrors) {
  fs::path p = write("language: fr-FR\nmessages:\n  title: \"\"\n");
  EXPECT_FALSE(load_catalog(p.string(), "fr", diags));
  EXPECT_EQ(diags.error_count(), 1u);
}

}  // namespace
}  // namespace plaquette::layout

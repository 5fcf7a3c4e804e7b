#include "model/editions.h"

#include <gtest/gtest.h>

namespace plaquette::model {
namespace {

std::string messages(const Diagnostics& d) {
  std::string out;
  for (const Diagnostic& x : d.all()) out += x.pos.str() + ": " + x.message + "\n";
  return out;
}

TEST(Editions, PathsResolveAgainstTheEditionsFile) {
  Diagnostics d;
  auto e = load_editions_string(R"(editions:
  - {name: a.fr, data: a.yaml, layout: ../layouts/l.yaml, locale: fr, output: ../out/a.fr.pdf}
)", "data/editions.yaml", d);
  ASSERT_TRUE(e) << messages(d);
  ASSERT_EQ(e->size(), 1u);
  EXPECT_EQ((*e)[0].data, "data/a.yaml");
  EXPECT_EQ((*e)[0].layout, "layouts/l.yaml");
  EXPECT_EQ((*e)[0].output, "out/a.fr.pdf");
  EXPECT_EQ((*e)[0].locale, "fr");
}

TEST(Editions, TwoEditionsWritingOneFileIsAnError) {
  Diagnostics d;
  auto e = load_editions_string(R"(editions:
  - {name: a, data: a.yaml, layout: l.yaml, locale: fr, output: x.pdf}
  - {name: b, data: a.yaml, layout: l.yaml, locale: en, output: x.pdf}
)", "editions.yaml", d);
  EXPECT_FALSE(e);
  EXPECT_NE(messages(d).find("editions.yaml:3:"), std::string::npos) << messages(d);
  EXPECT_NE(messages(d).find("two editions write x.pdf"), std::string::npos) << messages(d);
}

TEST(Editions, MissingKeysAndTyposAreAllReported) {
  Diagnostics d;
  auto e = load_editions_string(R"(editions:
  - {name: a, data: a.yaml, layout: l.yaml, locle: fr, output: x.pdf}
  - {name: b, layout: l.yaml, locale: en, output: y.pdf}
)", "editions.yaml", d);
  EXPECT_FALSE(e);
  std::string m = messages(d);
  EXPECT_NE(m.find("missing required key `locale`"), std::string::npos) << m;
  EXPECT_NE(m.find("unknown key `locle`"), std::string::npos) << m;
  EXPECT_NE(m.find("missing required key `data`"), std::string::npos) << m;
}

TEST(Editions, AnEmptyListIsAnError) {
  Diagnostics d;
  EXPECT_FALSE(load_editions_string("editions: []\n", "editions.yaml", d));
  EXPECT_TRUE(d.has_errors());
}

TEST(Editions, TheShippedListLoads) {
  Diagnostics d;
  auto e = load_editions(PLAQUETTE_SOURCE_DIR "/data/editions.yaml", d);
  ASSERT_TRUE(e) << messages(d);
  EXPECT_EQ(e->size(), 3u);
}

}  // namespace
}  // namespace plaquette::model

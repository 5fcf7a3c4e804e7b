#include "text/format.h"

#include <gtest/gtest.h>

#include <cmath>

namespace plaquette::text {
namespace {

// Spelled out so that a reader sees which space ICU/CLDR put where.
#define NNBSP "\u202F"  // narrow no-break space: French digit groups
#define NBSP "\u00A0"   // no-break space: before € and % in French

std::string fmt(double v, std::string_view spec, const std::string& locale) {
  NumberFormat f;
  EXPECT_TRUE(parse_number_format(spec, f)) << spec;
  std::string out, error;
  EXPECT_TRUE(format_number(v, f, locale, out, error)) << error;
  return out;
}

std::string with_digits(double v, NumberStyle style, int digits, const std::string& locale) {
  NumberFormat f;
  f.style = style;
  f.fraction_digits = digits;
  std::string out, error;
  EXPECT_TRUE(format_number(v, f, locale, out, error)) << error;
  return out;
}

TEST(FormatNumber, FrenchIntegerGroupsWithNarrowNoBreakSpace) {
  EXPECT_EQ(fmt(361350, "integer", "fr"), "361" NNBSP "350");
  EXPECT_EQ(fmt(361350, "integer", "fr-FR"), "361" NNBSP "350");
}

TEST(FormatNumber, IntegerRoundsHalfEven) {
  EXPECT_EQ(fmt(192.8, "integer", "fr"), "193");
  EXPECT_EQ(fmt(-1234, "integer", "fr"), "-1" NNBSP "234");
}

TEST(FormatNumber, FrenchCurrencyWholeValue) {
  EXPECT_EQ(with_digits(8309550, NumberStyle::currency, 0, "fr-FR"),
            "8" NNBSP "309" NNBSP "550" NBSP "€");
  EXPECT_EQ(fmt(8309550, "currency", "fr"), "8" NNBSP "309" NNBSP "550" NBSP "€");
}

TEST(FormatNumber, FrenchCurrencyTwoDigits) {
  EXPECT_EQ(fmt(1.2, "currency:2", "fr"), "1,20" NBSP "€");
  EXPECT_EQ(fmt(1.2, "currency", "fr"), "1,20" NBSP "€");
}

TEST(FormatNumber, CurrencyDefaultDropsZeroFractionOfWholeValues) {
  EXPECT_EQ(fmt(193, "currency", "fr"), "193" NBSP "€");
  EXPECT_EQ(fmt(192.8, "currency", "fr"), "192,80" NBSP "€");
}

TEST(FormatNumber, FrenchPercent) {
  EXPECT_EQ(fmt(0.8333, "percent", "fr"), "83" NBSP "%");
  EXPECT_EQ(fmt(0.3, "percent", "fr-FR"), "30" NBSP "%");
  EXPECT_EQ(fmt(0.8333, "percent:1", "fr"), "83,3" NBSP "%");
}

TEST(FormatNumber, FrenchDecimal) {
  EXPECT_EQ(fmt(1.2, "decimal:2", "fr"), "1,20");
  EXPECT_EQ(fmt(1.2, "decimal", "fr"), "1,2");
  EXPECT_EQ(fmt(192.7996, "decimal", "fr"), "192,8");
}

TEST(FormatNumber, FrenchCompactLongHasNoBreakableSpace) {
  EXPECT_EQ(fmt(34834342, "compact", "fr"), "34,8" NBSP "millions");
  EXPECT_EQ(fmt(13000000, "compact", "fr"), "13" NBSP "millions");
}

TEST(FormatNumber, CompactCurrencyLongForm) {
  EXPECT_EQ(fmt(34834342, "compact-currency", "fr"), "34,8" NBSP "millions" NBSP "€");
  EXPECT_EQ(fmt(34834342, "compact-currency", "fr-FR"), "34,8" NBSP "millions" NBSP "€");
  EXPECT_EQ(fmt(34834342, "compact-currency", "en-GB"), "€34.8" NBSP "million");
  EXPECT_EQ(fmt(34834342, "compact-currency", "nl"), "€" NBSP "34,8" NBSP "miljoen");
  EXPECT_EQ(fmt(34834342, "compact-currency", "nl-BE"), "€" NBSP "34,8" NBSP "miljoen");
}

TEST(FormatNumber, CompactCurrencyKeepsTheSign) {
  EXPECT_EQ(fmt(-34834342, "compact-currency", "fr"), "-34,8" NBSP "millions" NBSP "€");
  EXPECT_EQ(fmt(-34834342, "compact-currency", "en-GB"), "-€34.8" NBSP "million");
}

TEST(FormatNumber, CompactCurrencyInNativeDigits) {
  // The number in the currency pattern is found by its digits, whatever script they are in.
  const std::string hindi = fmt(-34834342, "compact-currency", "hi-IN-u-nu-deva");
  EXPECT_EQ(hindi.rfind("-€३.५", 0), 0u) << hindi;
  EXPECT_NE(hindi.find("करोड़"), std::string::npos) << hindi;
  const std::string arabic = fmt(34834342, "compact-currency", "ar-EG");
  EXPECT_NE(arabic.find("٣٤٫٨"), std::string::npos) << arabic;
  EXPECT_NE(arabic.find("€"), std::string::npos) << arabic;
  EXPECT_EQ(arabic.find_first_of("0123456789"), std::string::npos) << arabic;
}

TEST(FormatNumber, ShortCurrency) {
  EXPECT_EQ(fmt(9200000, "short-currency", "fr"), "9,2" NBSP "M" NBSP "€");
  EXPECT_EQ(fmt(13000000, "short-currency", "fr"), "13" NBSP "M" NBSP "€");
  EXPECT_EQ(fmt(9200000, "short-currency", "en-GB"), "€9.2M");
  EXPECT_EQ(fmt(9200000, "short-currency", "nl-BE"), "€" NBSP "9,2" NBSP "mln.");
}

TEST(FormatNumber, EnglishCurrency) {
  EXPECT_EQ(fmt(8309550, "currency", "en-GB"), "€8,309,550");
  EXPECT_EQ(fmt(361350, "integer", "en-GB"), "361,350");
  EXPECT_EQ(fmt(0.8333, "percent", "en-GB"), "83%");
  EXPECT_EQ(fmt(1.2, "currency:2", "en-GB"), "€1.20");
}

TEST(FormatNumber, DutchBelgianCurrency) {
  EXPECT_EQ(fmt(8309550, "currency", "nl-BE"), "€" NBSP "8.309.550");
  EXPECT_EQ(fmt(361350, "integer", "nl-BE"), "361.350");
  EXPECT_EQ(fmt(1.2, "decimal:2", "nl-BE"), "1,20");
}

TEST(FormatNumber, OtherCurrency) {
  NumberFormat f;
  f.style = NumberStyle::currency;
  f.currency = "USD";
  std::string out, error;
  ASSERT_TRUE(format_number(12, f, "en-GB", out, error)) << error;
  EXPECT_EQ(out, "US$12");
}

TEST(FormatNumber, InvalidCurrencyIsAnError) {
  NumberFormat f;
  f.style = NumberStyle::currency;
  f.currency = "EURO";
  std::string out, error;
  EXPECT_FALSE(format_number(12, f, "fr", out, error));
  EXPECT_NE(error.find("EURO"), std::string::npos) << error;
}

TEST(FormatNumber, UnknownLocaleIsAnError) {
  std::string out, error;
  EXPECT_FALSE(format_number(12, NumberFormat{}, "qq", out, error));
  EXPECT_NE(error.find("qq"), std::string::npos) << error;
  EXPECT_FALSE(format_number(12, NumberFormat{}, "", out, error));
  EXPECT_FALSE(format_number(12, NumberFormat{}, "!!", out, error));
}

TEST(FormatNumber, UnderscoreLocaleAccepted) {
  EXPECT_EQ(fmt(361350, "integer", "fr_FR"), "361" NNBSP "350");
}

TEST(FormatNumber, NotFiniteIsAnError) {
  std::string out, error;
  EXPECT_FALSE(format_number(std::nan(""), NumberFormat{}, "fr", out, error));
  EXPECT_FALSE(error.empty());
}

TEST(ParseNumberFormat, Names) {
  NumberFormat f;
  ASSERT_TRUE(parse_number_format("decimal:2", f));
  EXPECT_EQ(f.style, NumberStyle::decimal);
  EXPECT_EQ(f.fraction_digits, 2);
  ASSERT_TRUE(parse_number_format("compact-currency", f));
  EXPECT_EQ(f.style, NumberStyle::compact_currency);
  EXPECT_EQ(f.fraction_digits, -1);
  ASSERT_TRUE(parse_number_format("short-currency", f));
  EXPECT_EQ(f.style, NumberStyle::short_currency);
  ASSERT_TRUE(parse_number_format("percent:1", f));
  EXPECT_EQ(f.style, NumberStyle::percent);
  EXPECT_EQ(f.fraction_digits, 1);
}

TEST(ParseNumberFormat, RoundTripsEveryStyleName) {
  for (auto s :
       {NumberStyle::integer, NumberStyle::decimal, NumberStyle::percent, NumberStyle::currency,
        NumberStyle::compact, NumberStyle::compact_currency, NumberStyle::short_currency}) {
    NumberFormat f;
    ASSERT_TRUE(parse_number_format(number_style_name(s), f));
    EXPECT_EQ(f.style, s);
  }
}

TEST(ParseNumberFormat, RejectsUnknownAndBadDigits) {
  NumberFormat f;
  EXPECT_FALSE(parse_number_format("", f));
  EXPECT_FALSE(parse_number_format("money", f));
  EXPECT_FALSE(parse_number_format("compact_currency", f));
  EXPECT_FALSE(parse_number_format("decimal:", f));
  EXPECT_FALSE(parse_number_format("decimal:x", f));
  EXPECT_FALSE(parse_number_format("decimal:-1", f));
  EXPECT_FALSE(parse_number_format("decimal:2x", f));
  EXPECT_FALSE(parse_number_format("decimal:12", f));
}

}  // namespace
}  // namespace plaquette::text

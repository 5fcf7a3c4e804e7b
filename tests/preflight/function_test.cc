// PDF functions as the ink checks evaluate them: PostScript calculator programs (type 4)
// and sampled functions of several inputs (type 0), bounded and never crashing on bad ones.
#include <gtest/gtest.h>

#include "pdf_builder.h"
#include "preflight/preflight_private.h"

namespace plaquette::preflight {
namespace {

// A type 4 function of `inputs` inputs and `outputs` outputs in [-100, 100].
Function calculator(QPDF& pdf, const std::string& program, int inputs, int outputs,
                    Budget& budget) {
  std::string domain, range;
  for (int i = 0; i < inputs; ++i) domain += " -100 100";
  for (int i = 0; i < outputs; ++i) range += " -100 100";
  QPDFObjectHandle f = QPDFObjectHandle::newStream(&pdf, program);
  f.replaceDict(QPDFObjectHandle::parse("<< /FunctionType 4 /Domain [" + domain + "] /Range [" +
                                        range + "] >>"));
  return Function::parse(pdf.makeIndirectObject(f), budget);
}

class FunctionTest : public testing::Test {
 protected:
  void SetUp() override { pdf.emptyPDF(); }
  std::vector<double> run(const std::string& program, std::vector<double> in, int outputs) {
    Function f = calculator(pdf, program, static_cast<int>(in.size()), outputs, budget);
    EXPECT_TRUE(f.ok()) << program << ": " << f.why();
    return f.eval(in);
  }
  QPDF pdf;
  Budget budget{1 << 20, 1 << 24, 0};
};

TEST_F(FunctionTest, ArithmeticAndStackOperators) {
  EXPECT_EQ(run("{ 2 mul 1 add }", {3}, 1), std::vector<double>{7});
  EXPECT_EQ(run("{ exch sub }", {2, 5}, 1), std::vector<double>{3});
  EXPECT_EQ(run("{ 3 1 roll }", {1, 2, 3}, 3), (std::vector<double>{3, 1, 2}));
  EXPECT_EQ(run("{ 3 -1 roll }", {1, 2, 3}, 3), (std::vector<double>{2, 3, 1}));
  EXPECT_EQ(run("{ 1 index }", {4, 5}, 3), (std::vector<double>{4, 5, 4}));
  EXPECT_EQ(run("{ 2 copy add }", {4, 5}, 3), (std::vector<double>{4, 5, 9}));
  EXPECT_EQ(run("{ dup mul sqrt neg abs }", {-3}, 1), std::vector<double>{3});
  EXPECT_EQ(run("{ 7 idiv }", {50}, 1), std::vector<double>{7});
  EXPECT_EQ(run("{ 7 mod }", {50}, 1), std::vector<double>{1});
  EXPECT_EQ(run("{ 1 4 bitshift add }", {1}, 1), std::vector<double>{17});
}

TEST_F(FunctionTest, ConditionalsPickTheirBranch) {
  const std::string p = "{ dup 0.5 gt { pop 1 } { 2 mul } ifelse }";
  EXPECT_EQ(run(p, {0.75}, 1), std::vector<double>{1});
  EXPECT_EQ(run(p, {0.25}, 1), std::vector<double>{0.5});
  EXPECT_EQ(run("{ dup 0 eq { pop 42 } if }", {0}, 1), std::vector<double>{42});
  EXPECT_EQ(run("{ dup 0 eq { pop 42 } if }", {3}, 1), std::vector<double>{3});
  EXPECT_EQ(run("{ 1 lt 2 3 lt and }", {0}, 1), std::vector<double>{1});
}

TEST_F(FunctionTest, OutputsAreClippedToTheRange) {
  QPDFObjectHandle f = QPDFObjectHandle::newStream(&pdf, "{ 10 mul }");
  f.replaceDict(QPDFObjectHandle::parse("<< /FunctionType 4 /Domain [0 1] /Range [0 1] >>"));
  Function fn = Function::parse(pdf.makeIndirectObject(f), budget);
  ASSERT_TRUE(fn.ok()) << fn.why();
  EXPECT_EQ(fn.eval(0.5), std::vector<double>{1});
}

TEST_F(FunctionTest, BadProgramsAreRefusedOrYieldNothing) {
  for (const char* bad : {"", "2 mul", "{ 2 mul", "{ 2 mul } }", "{ foo }", "{ { 1 } }",
                          "{ 1 { 2 } { 3 } if }", "{ (string) }", "{ /name }"}) {
    Function f = calculator(pdf, bad, 1, 1, budget);
    EXPECT_FALSE(f.ok()) << bad;
  }
  // Stack underflow, or a stack grown past its limit, gives no output (no crash).
  EXPECT_TRUE(calculator(pdf, "{ pop pop pop }", 1, 1, budget).eval(1).empty());
  std::string deep = "{";
  for (int i = 0; i < 200; ++i) deep += " dup";
  deep += " }";
  EXPECT_TRUE(calculator(pdf, deep, 1, 1, budget).eval(1).empty());
  EXPECT_TRUE(calculator(pdf, "{ -1 copy }", 1, 1, budget).eval(1).empty());
  EXPECT_TRUE(calculator(pdf, "{ 99 index }", 1, 1, budget).eval(1).empty());
}

TEST_F(FunctionTest, ASampledFunctionOfTwoInputsReadsTheNearestSample) {
  // 2 × 2 samples, one output: f(0,0)=0, f(1,0)=85, f(0,1)=170, f(1,1)=255 (of 255).
  QPDFObjectHandle f = QPDFObjectHandle::newStream(&pdf, std::string("\x00\x55\xAA\xFF", 4));
  f.replaceDict(QPDFObjectHandle::parse(
      "<< /FunctionType 0 /Domain [0 1 0 1] /Range [0 1] /Size [2 2] /BitsPerSample 8 >>"));
  Function fn = Function::parse(pdf.makeIndirectObject(f), budget);
  ASSERT_TRUE(fn.ok()) << fn.why();
  EXPECT_NEAR(fn.eval({1, 0})[0], 85.0 / 255, 1e-9);
  EXPECT_NEAR(fn.eval({0, 1})[0], 170.0 / 255, 1e-9);
  EXPECT_NEAR(fn.eval({0.9, 0.8})[0], 1, 1e-9);
}

}  // namespace
}  // namespace plaquette::preflight

// Default options of the sanitizers, compiled into every executable of a PLAQUETTE_SANITIZE
// or PLAQUETTE_FUZZ build (the tests, the plaquette binary they start, the fuzzers and their
// replays), so that they behave the same however they are run: ctest, by hand, or CI. The
// ASAN_OPTIONS, UBSAN_OPTIONS and LSAN_OPTIONS environment variables still override them.

/// AddressSanitizer: the first report ends the process with a failure.
extern "C" const char* __asan_default_options() {
  return "halt_on_error=1:abort_on_error=1:detect_stack_use_after_return=1";
}

/// UndefinedBehaviorSanitizer: same, with the stack of the report.
extern "C" const char* __ubsan_default_options() { return "halt_on_error=1:print_stacktrace=1"; }

/// LeakSanitizer stays on; each suppression names a leak inside a Debian library, never in
/// plaquette, with its reason.
///
/// libhyphen 2.8.8 loses a few small blocks while it parses a dictionary (hnj_hyphen_load →
/// hnj_hyphen_load_line): nothing in the HyphenDict it returns points at them, so
/// hnj_hyphen_free, which plaquette calls at exit, cannot free them; 130 bytes once per
/// dictionary. libhyphen has no frame pointers, so the fast unwinder stops at hnj_malloc and
/// the suppression must name it. That would also hide a leak of the arrays
/// hnj_hyphen_hyphenate2 returns; src/text/hyphenate.cc frees those right after the call.
extern "C" const char* __lsan_default_suppressions() { return "leak:hnj_malloc\n"; }

/// LeakSanitizer: a suppressed leak stays silent (its statistics would end up in the exact
/// standard error the bad-input corpus compares).
extern "C" const char* __lsan_default_options() { return "print_suppressions=0"; }

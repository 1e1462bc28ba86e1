#pragma once
// Shared by the fuzz targets: a broken invariant aborts with a message, which libFuzzer reports as a
// crash and the corpus replay (replay_main.cpp) as a failed test.

#include <cstdio>
#include <cstdlib>

[[noreturn]] inline void fuzzFail(const char *target, const char *what, int line)
{
    std::fprintf(stderr, "%s: invariant broken (line %d): %s\n", target, line, what);
    std::abort();
}

#define FUZZ_CHECK(condition)                                                                                      \
    do {                                                                                                           \
        if (!(condition))                                                                                          \
            fuzzFail(FUZZ_TARGET_NAME, #condition, __LINE__);                                                      \
    } while (false)

#pragma once

#if defined(__linux__) || defined(__APPLE__)
#include <pthread.h>
#endif

namespace tdesk {

// Names the calling thread as `top`, perf and the ingest benchmark's CPU split show it (at most 15
// characters on Linux). Does nothing where the platform has no such name.
inline void nameThisThread(const char *name)
{
#if defined(__linux__)
    pthread_setname_np(pthread_self(), name);
#elif defined(__APPLE__)
    pthread_setname_np(name);
#else
    (void)name;
#endif
}

} // namespace tdesk

// A storage source that reaches up into the server layer: shared/layers.cmake must refuse it.
#include "storage/eventstore.h"
#include "server/collector.h"

// zlib (Debian's zlib1g-dev): ingest keeps each accepted raw filing deflated (RawFilings).
// The processes already load libz.so.1 through librdkafka, so this adds no runtime library.
#include <zlib.h>

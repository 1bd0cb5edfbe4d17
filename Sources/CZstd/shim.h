// Zstandard (Debian's libzstd-dev): ingest keeps each accepted raw filing compressed (RawFilings).
#include <zstd.h>

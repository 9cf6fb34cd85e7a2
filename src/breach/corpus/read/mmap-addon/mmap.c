/*
 * map(fd, offset, length) -> ArrayBuffer: a read-only, shared mapping of a file slice.
 *
 * Why: a cold `/range` answer is a ~40 KB slice of the corpus's preformatted bodies. Reading it
 * with pread copies it into a fresh buffer before the socket copies it again; that copy (and its
 * allocation) cost pwguard a fifth of a raw server's throughput (scripts/bench/range.ts). A view
 * into a mapping lets the socket copy straight from the page cache. Node has no mmap of its own.
 *
 * The mapping lives exactly as long as the ArrayBuffer: V8 calls `unmap` once no view of it is
 * left, so a response still being written can never see its memory go away. Closing the file
 * descriptor does not end a mapping, and an unlinked file stays readable until it is unmapped.
 * A file must never be truncated while mapped (reads past its end raise SIGBUS): corpus files
 * are written once and replaced by new files, never rewritten in place.
 */
#define NAPI_VERSION 8
#include <errno.h>
#include <node_api.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

static void unmap(napi_env env, void *data, void *length) {
  (void)env;
  munmap(data, (size_t)(uintptr_t)length);
}

static napi_value map_file(napi_env env, napi_callback_info info) {
  size_t argc = 3;
  napi_value argv[3];
  int32_t fd;
  int64_t offset, length;
  if (napi_get_cb_info(env, info, &argc, argv, NULL, NULL) != napi_ok || argc != 3 ||
      napi_get_value_int32(env, argv[0], &fd) != napi_ok ||
      napi_get_value_int64(env, argv[1], &offset) != napi_ok ||
      napi_get_value_int64(env, argv[2], &length) != napi_ok) {
    napi_throw_type_error(env, NULL, "map(fd, offset, length) takes three integers");
    return NULL;
  }
  long page = sysconf(_SC_PAGESIZE);
  if (fd < 0 || offset < 0 || length <= 0 || offset % page != 0) {
    napi_throw_range_error(env, NULL, "map: fd >= 0, offset a multiple of the page size, length > 0");
    return NULL;
  }
  void *data = mmap(NULL, (size_t)length, PROT_READ, MAP_SHARED, fd, (off_t)offset);
  if (data == MAP_FAILED) {
    napi_throw_error(env, NULL, strerror(errno));
    return NULL;
  }
  napi_value buffer;
  if (napi_create_external_arraybuffer(env, data, (size_t)length, unmap,
                                       (void *)(uintptr_t)length, &buffer) != napi_ok) {
    munmap(data, (size_t)length);
    napi_throw_error(env, NULL, "map: cannot wrap the mapping in an ArrayBuffer");
    return NULL;
  }
  return buffer;
}

static napi_value page_size(napi_env env, napi_callback_info info) {
  (void)info;
  napi_value result;
  napi_create_int64(env, sysconf(_SC_PAGESIZE), &result);
  return result;
}

NAPI_MODULE_INIT() {
  napi_value map, page;
  napi_create_function(env, "map", NAPI_AUTO_LENGTH, map_file, NULL, &map);
  napi_set_named_property(env, exports, "map", map);
  napi_create_function(env, "pageSize", NAPI_AUTO_LENGTH, page_size, NULL, &page);
  napi_set_named_property(env, exports, "pageSize", page);
  return exports;
}

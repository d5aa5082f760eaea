/* The speed floor pep765 is measured against (scripts/bench): decompress every .py member of
 * every archive given, with libarchive, and count its newlines. Nothing else: no hashing, no
 * parsing, no store. Prints "ARCHIVES archives, FILES .py files, NEWLINES newlines".
 * build: cc -O2 scripts/floor.c -larchive -o floor */
#include <archive.h>
#include <archive_entry.h>
#include <stdio.h>
#include <string.h>

static int is_py(const char *name) {
  size_t n = name ? strlen(name) : 0;
  return n > 3 && strcmp(name + n - 3, ".py") == 0;
}

int main(int argc, char **argv) {
  static char buf[1 << 16];
  long long files = 0, newlines = 0;
  for (int i = 1; i < argc; i++) {
    struct archive *a = archive_read_new();
    archive_read_support_filter_all(a);
    archive_read_support_format_all(a);
    if (archive_read_open_filename(a, argv[i], 1 << 17) != ARCHIVE_OK) {
      fprintf(stderr, "floor: %s: %s\n", argv[i], archive_error_string(a));
      archive_read_free(a);
      continue;
    }
    struct archive_entry *e;
    while (archive_read_next_header(a, &e) == ARCHIVE_OK) {
      if (archive_entry_filetype(e) != AE_IFREG || !is_py(archive_entry_pathname(e))) continue;
      files++;
      la_ssize_t got;
      while ((got = archive_read_data(a, buf, sizeof buf)) > 0)
        for (const char *p = buf, *end = buf + got; (p = memchr(p, '\n', (size_t)(end - p))) != NULL; p++) newlines++;
    }
    archive_read_free(a);
  }
  printf("%d archives, %lld .py files, %lld newlines\n", argc - 1, files, newlines);
  return 0;
}

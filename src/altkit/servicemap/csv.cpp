// A hand-written RFC 4180 reader: small, and it knows the line each record starts on, which
// error messages name (libcsv, the Debian candidate, reports byte offsets only).
#include "altkit/servicemap/csv.hpp"

namespace altkit::servicemap {

CsvResult parse_csv(std::string_view text) {
  CsvResult result;
  std::size_t i = 0;
  if (text.substr(0, 3) == "\xEF\xBB\xBF") {
    i = 3;
  }
  std::size_t line = 1;
  while (i < text.size()) {
    // Skip blank lines.
    if (text[i] == '\n' || text[i] == '\r') {
      if (text[i] == '\r' && i + 1 < text.size() && text[i + 1] == '\n') {
        ++i;
      }
      ++i;
      ++line;
      continue;
    }
    CsvRecord rec;
    rec.line = line;
    std::string field;
    bool done = false;
    while (!done) {
      field.clear();
      if (i < text.size() && text[i] == '"') {
        ++i;
        std::size_t quote_line = line;
        for (;;) {
          if (i >= text.size()) {
            result.error = CsvError{quote_line, "quoted field is not closed"};
            return result;
          }
          char c = text[i++];
          if (c == '"') {
            if (i < text.size() && text[i] == '"') {
              field.push_back('"');
              ++i;
              continue;
            }
            break;
          }
          if (c == '\n') {
            ++line;
          }
          field.push_back(c);
        }
        if (i < text.size() && text[i] != ',' && text[i] != '\n' && text[i] != '\r') {
          result.error = CsvError{line, "unexpected character after a closing quote"};
          return result;
        }
      } else {
        while (i < text.size() && text[i] != ',' && text[i] != '\n' && text[i] != '\r') {
          if (text[i] == '"') {
            result.error = CsvError{line, "a quote inside an unquoted field (quote the whole field)"};
            return result;
          }
          field.push_back(text[i++]);
        }
      }
      rec.fields.push_back(field);
      if (i >= text.size()) {
        done = true;
      } else if (text[i] == ',') {
        ++i;
      } else {
        if (text[i] == '\r' && i + 1 < text.size() && text[i + 1] == '\n') {
          ++i;
        }
        ++i;
        ++line;
        done = true;
      }
    }
    result.records.push_back(std::move(rec));
  }
  return result;
}

} // namespace altkit::servicemap

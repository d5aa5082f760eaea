// A hit's evidence for triage, as analysis stores it (sql/schema.sql's hits columns, filled by
// analyze/exception_flow.h and analyze/try_evidence.h) and triage reads it (report/triage.h).
#pragma once
#include <string>

namespace pep765 {

struct HitEvidence {
  int raise_line = 0;          // the first statement whose exception the jump can lose; 0 none
  int reraise_line = 0;        // the first `raise` in an except clause; 0 none
  std::string raise_source;    // the raise_line statement's first line
  std::string handler_actions; // per except clause: raise|return|pass|log|assign|other, comma list
  std::string value_flow;      // data-flow tags: returns-body-value, flag, ...
  std::string context;         // comments above and in the try, the function's docstring
};

}  // namespace pep765

// The shared choices and the one error type: every name parses back to its value, nothing else
// parses, and an Error reads "subject: action: reason" with the empty parts left out.
#include <gtest/gtest.h>

#include <cerrno>
#include <cstring>

#include "common/choices.h"
#include "common/error.h"

using namespace pep765;

TEST(Choices, EveryRuleNameParsesBack) {
  for (Rule r : {Rule::Cpython, Rule::Exits, Rule::Any}) EXPECT_EQ(parse_rule(rule_name(r)), r);
  EXPECT_STREQ(rule_name(Rule::Cpython), "cpython");
  EXPECT_STREQ(rule_name(Rule::Any), "any");
}

TEST(Choices, EveryLineDefinitionNameParsesBack) {
  for (LineDefinition d : {LineDefinition::Physical, LineDefinition::Parsed, LineDefinition::Study})
    EXPECT_EQ(parse_line_definition(line_definition_name(d)), d);
  EXPECT_STREQ(line_definition_name(LineDefinition::Study), "study");
}

TEST(Choices, OtherWordsAreRefused) {
  for (const char* text : {"", "CPython", "cpython ", "exit", "anything", "physical"}) EXPECT_FALSE(parse_rule(text)) << text;
  for (const char* text : {"", "Physical", "lines", "any"}) EXPECT_FALSE(parse_line_definition(text)) << text;
}

TEST(Error, ReadsSubjectActionReason) {
  Error e(Error::Kind::Input, "out.csv", "cannot write", "Permission denied");
  EXPECT_STREQ(e.what(), "out.csv: cannot write: Permission denied");
  EXPECT_EQ(e.kind, Error::Kind::Input);
  EXPECT_EQ(e.subject, "out.csv");
}

TEST(Error, LeavesOutEmptyParts) {
  EXPECT_STREQ(Error(Error::Kind::Usage, "", "give one of --top N or --random N").what(),
               "give one of --top N or --random N");
  EXPECT_STREQ(Error(Error::Kind::Work, "store.sqlite", "locked").what(), "store.sqlite: locked");
  EXPECT_STREQ(Error(Error::Kind::Work, "x", "", "why").what(), "x: why");
}

TEST(Error, FromErrnoNamesTheSystemsReason) {
  Error e = Error::from_errno("/nowhere/x", "cannot open", ENOENT);
  EXPECT_EQ(e.reason, std::strerror(ENOENT));
  EXPECT_EQ(std::string(e.what()), std::string("/nowhere/x: cannot open: ") + std::strerror(ENOENT));
  EXPECT_EQ(e.kind, Error::Kind::Input);
}

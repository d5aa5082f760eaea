// The one parser of distribution file names, on cases written from the specifications' texts
// (PEP 625 for sdists, PEP 427/491 for wheels, setuptools' egg names) and the legacy forms.
#include <gtest/gtest.h>

#include "common/dist_filename.h"

using namespace pep765;

namespace {

void expect_parsed(const char* filename, const char* project, const char* version, DistKind kind) {
  const std::optional<DistFilename> d = parse_dist_filename(filename);
  ASSERT_TRUE(d) << filename;
  EXPECT_EQ(d->project, project) << filename;
  EXPECT_EQ(d->version, version) << filename;
  EXPECT_EQ(d->kind, kind) << filename;
}

}  // namespace

TEST(DistFilename, SdistPep625) {
  // {name}-{version}.tar.gz, the name normalized with '_' for runs of -_.
  expect_parsed("my_project-1.0.tar.gz", "my-project", "1.0", DistKind::Sdist);
  expect_parsed("zope_interface-6.4.post2.tar.gz", "zope-interface", "6.4.post2", DistKind::Sdist);
  expect_parsed("foo-1!2.0.tar.gz", "foo", "1!2.0", DistKind::Sdist);  // an epoch
}

TEST(DistFilename, SdistLegacyForms) {
  // Older tools kept the name as spelt, '-' and all: the version starts at the last '-' before a digit.
  expect_parsed("my-pkg-2.0rc1.zip", "my-pkg", "2.0rc1", DistKind::Sdist);
  expect_parsed("Foo_Bar-1.2.3.tgz", "foo-bar", "1.2.3", DistKind::Sdist);
  expect_parsed("python-dateutil-2.9.0.tar.bz2", "python-dateutil", "2.9.0", DistKind::Sdist);
  expect_parsed("foo-0.1.tar.xz", "foo", "0.1", DistKind::Sdist);
  expect_parsed("foo-0.1.tar", "foo", "0.1", DistKind::Sdist);
  expect_parsed("Foo-1.0.TAR.GZ", "foo", "1.0", DistKind::Sdist);
  EXPECT_FALSE(parse_dist_filename("foo.tar.gz"));          // no version
  EXPECT_FALSE(parse_dist_filename("foo-bar.tar.gz"));      // nor here: no '-' before a digit
  EXPECT_FALSE(parse_dist_filename("-1.0.tar.gz"));         // no name
  EXPECT_FALSE(parse_dist_filename("foo-1.0.rar"));         // not a distribution format
}

TEST(DistFilename, WheelPep427) {
  // {distribution}-{version}(-{build tag})?-{python tag}-{abi tag}-{platform tag}.whl
  expect_parsed("distribution-1.0-1-py27-none-any.whl", "distribution", "1.0", DistKind::Wheel);
  expect_parsed("foo_bar-1.2-py3-none-any.whl", "foo-bar", "1.2", DistKind::Wheel);
  expect_parsed("Foo.Bar-2.0-cp312-cp312-manylinux_2_17_x86_64.manylinux2014_x86_64.whl", "foo-bar", "2.0",
                DistKind::Wheel);
  expect_parsed("pkg-1.0-py2.py3-none-any.WHL", "pkg", "1.0", DistKind::Wheel);
  EXPECT_FALSE(parse_dist_filename("foo-1.0-x1-py3-none-any.whl"));  // a build tag starts with a digit
  EXPECT_FALSE(parse_dist_filename("foo-1.0.whl"));                  // no tags
  EXPECT_FALSE(parse_dist_filename("foo-1.0-py3-none.whl"));         // one tag short
  EXPECT_FALSE(parse_dist_filename("foo-1.0-1-2-py3-none-any.whl")); // one field too many
  EXPECT_FALSE(parse_dist_filename("foo--py3-none-any.whl"));        // an empty field
}

TEST(DistFilename, Egg) {
  // {name}-{version}(-{python}(-{platform})?)?.egg
  expect_parsed("foo-1.0.egg", "foo", "1.0", DistKind::Egg);
  expect_parsed("foo_bar-1.0-py2.7.egg", "foo-bar", "1.0", DistKind::Egg);
  expect_parsed("foo-1.0-py3.11-linux_x86_64.egg", "foo", "1.0", DistKind::Egg);
  EXPECT_FALSE(parse_dist_filename("foo.egg"));
  EXPECT_FALSE(parse_dist_filename("foo-1.0-py3.11-linux-x86_64.egg"));  // a platform's '-' is escaped
}

TEST(DistFilename, IdentityOfArtifact) {
  auto identity = [](const char* name, const char* kind) {
    ArtifactIdentity id = identity_of_artifact(name, kind);
    return std::make_pair(id.project, id.version);
  };
  using V = std::optional<std::string>;
  EXPECT_EQ(identity("Foo_Bar-1.2.3.tar.gz", "sdist"), std::make_pair(std::string("foo-bar"), V("1.2.3")));
  EXPECT_EQ(identity("foo_bar-1.2-py3-none-any.whl", "wheel"), std::make_pair(std::string("foo-bar"), V("1.2")));
  // A directory or a single file is its own project, by its name as given, with no version.
  EXPECT_EQ(identity("/src/My_Tree", "dir"), std::make_pair(std::string("/src/My_Tree"), V()));
  EXPECT_EQ(identity("Setup.py", "file"), std::make_pair(std::string("Setup.py"), V()));
  // Names no distribution has: the project the report has always grouped them under, no version.
  EXPECT_EQ(identity("foo.tar.gz", "sdist"), std::make_pair(std::string("foo"), V()));
  EXPECT_EQ(identity("Foo_Bar.zip", "sdist"), std::make_pair(std::string("foo-bar"), V()));
  EXPECT_EQ(identity("foo_x-bar.whl", "wheel"), std::make_pair(std::string("foo-x"), V()));
  EXPECT_EQ(identity("Odd.egg", "egg"), std::make_pair(std::string("odd-egg"), V()));
  // What the report has always named these artifacts by.
  EXPECT_EQ(identity("Foo_Bar-1.2.3.tar.gz", "sdist"), std::make_pair(std::string("foo-bar"), V("1.2.3")));
  EXPECT_EQ(identity("foo_bar-1.2-py3-none-any.whl", "wheel"), std::make_pair(std::string("foo-bar"), V("1.2")));
  EXPECT_EQ(identity("my-pkg-2.0rc1.zip", "sdist"), std::make_pair(std::string("my-pkg"), V("2.0rc1")));
}

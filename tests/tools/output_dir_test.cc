#include "tools/report/output_dir.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

namespace netsim::report {
namespace {

namespace fs = std::filesystem;

std::string read(const fs::path& p) {
  std::ifstream in(p);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

class OutputDirTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ =
        fs::temp_directory_path() /
        ("netsim-output-dir-" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) +
         "-" + ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(root_);
    fs::create_directories(root_);
  }
  void TearDown() override { fs::remove_all(root_); }
  // Everything in root_, hidden staging folders included.
  std::vector<std::string> listing() const {
    std::vector<std::string> names;
    for (const auto& e : fs::directory_iterator(root_))
      names.push_back(e.path().filename().string());
    std::sort(names.begin(), names.end());
    return names;
  }
  fs::path root_;
};

TEST_F(OutputDirTest, NothingIsVisibleBeforeCommit) {
  const fs::path dest = root_ / "run";
  {
    OutputDir dir(dest);
    dir.create("a.csv") << "half";
    EXPECT_FALSE(fs::exists(dest));
  }  // abandoned: as if the run failed
  EXPECT_FALSE(fs::exists(dest));
  EXPECT_TRUE(listing().empty());  // the staging folder is gone too
}

TEST_F(OutputDirTest, CommitPublishesAllFiles) {
  const fs::path dest = root_ / "run";
  OutputDir dir(dest);
  dir.create("a.csv") << "x\n";
  dir.create("b.csv") << "y\n";
  dir.commit();
  EXPECT_EQ(read(dest / "a.csv"), "x\n");
  EXPECT_EQ(read(dest / "b.csv"), "y\n");
  EXPECT_EQ(listing(), std::vector<std::string>{"run"});
}

TEST_F(OutputDirTest, CommitReplacesPreviousResultsWhole) {
  const fs::path dest = root_ / "run";
  fs::create_directories(dest);
  std::ofstream(dest / "old.csv") << "old";
  std::ofstream(dest / "a.csv") << "old a";
  {
    OutputDir failed(dest);
    failed.create("a.csv") << "new a";
  }
  EXPECT_EQ(read(dest / "a.csv"), "old a");  // a failed run leaves the old results alone
  OutputDir dir(dest);
  dir.create("a.csv") << "new a";
  dir.commit();
  EXPECT_EQ(read(dest / "a.csv"), "new a");
  EXPECT_FALSE(fs::exists(dest / "old.csv"));  // no mix of two runs
  EXPECT_EQ(listing(), std::vector<std::string>{"run"});
}

}  // namespace
}  // namespace netsim::report

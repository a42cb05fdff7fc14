// Composing a scenario before it is read: `extends`, `--set` overrides and profiles, with every
// error still pointing at the file (or argument), line and column of the value at fault.
#include "models/scenario/composition.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "models/scenario/scenario_loader.h"
#include "models/scenario/yaml_reader.h"

namespace netsim::scenario {
namespace {

namespace fs = std::filesystem;

std::string error_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const ScenarioError& e) {
    return e.what();
  }
  return "no error";
}

DocPtr doc(const std::string& text) { return parse_document(text, "t.yaml"); }

std::string text_at(const DocPtr& root, const std::string& path) {
  DocPtr node = root;
  std::size_t start = 0;
  while (start <= path.size()) {
    const std::size_t dot = path.find('.', start);
    node = node->find(path.substr(start, dot - start));
    if (!node) return "<missing>";
    if (dot == std::string::npos) break;
    start = dot + 1;
  }
  return node->scalar;
}

TEST(SetPath, ReplacesAValueAndKeepsTheRest) {
  const DocPtr root = doc("a: {b: 1, c: 2}\nd: 3\n");
  const DocPtr set = set_path(root, "a.b", doc("9"));
  EXPECT_EQ(text_at(set, "a.b"), "9");
  EXPECT_EQ(text_at(set, "a.c"), "2");
  EXPECT_EQ(text_at(set, "d"), "3");
  EXPECT_EQ(text_at(root, "a.b"), "1") << "the original is not modified";
}

TEST(SetPath, CreatesMissingKeys) {
  const DocPtr set = set_path(doc("a: 1\n"), "b.c.d", doc("x"));
  EXPECT_EQ(text_at(set, "b.c.d"), "x");
}

TEST(SetPath, KeysContainingDotsAreMatchedWhole) {
  // Link names may contain dots: "links.r1.lan.rate" is the rate of the link "r1.lan".
  const DocPtr set =
      set_path(doc("links: {r1.lan: {rate: 1Mbps}}\n"), "links.r1.lan.rate", doc("2Mbps"));
  ASSERT_NE(set->find("links")->find("r1.lan"), nullptr);
  EXPECT_EQ(set->find("links")->find("r1.lan")->find("rate")->scalar, "2Mbps");
  EXPECT_EQ(set->find("links")->find("r1"), nullptr);
}

TEST(SetPath, NumbersIndexLists) {
  const DocPtr set = set_path(doc("faults: [{at: 1s}, {at: 2s}]\n"), "faults.1.at", doc("5s"));
  EXPECT_EQ(set->find("faults")->items[1]->find("at")->scalar, "5s");
  EXPECT_EQ(error_of([] { set_path(doc("f: [1]\n"), "f.3", doc("5")); }),
            "t.yaml:1:1: f.3: index 3 is past the end of the list (it has 1 items)");
}

TEST(SetPath, CannotDescendIntoASingleValue) {
  EXPECT_EQ(error_of([] { set_path(doc("duration: 1s\n"), "duration.x", doc("5")); }),
            "t.yaml:1:1: duration.x: cannot set a key inside duration: it is a single value");
}

TEST(Merge, MapsMergeKeyByKeyAndEverythingElseIsReplaced) {
  const DocPtr merged =
      merge(doc("a: {x: 1, y: 2}\nl: [1, 2, 3]\nk: base\n"), doc("a: {y: 3, z: 4}\nl: [9]\n"));
  EXPECT_EQ(text_at(merged, "a.x"), "1");
  EXPECT_EQ(text_at(merged, "a.y"), "3");
  EXPECT_EQ(text_at(merged, "a.z"), "4");
  EXPECT_EQ(text_at(merged, "k"), "base");
  ASSERT_EQ(merged->find("l")->items.size(), 1U);
  // Base keys first, in their order; new keys after.
  ASSERT_EQ(merged->find("a")->entries.size(), 3U);
  EXPECT_EQ(merged->find("a")->entries[2].key->scalar, "z");
}

TEST(ParseOverride, ValueIsYamlAndErrorsPointIntoTheArgument) {
  const Override o = parse_override("links.uplink.loss=[0, 1%]");
  EXPECT_EQ(o.path, "links.uplink.loss");
  ASSERT_EQ(o.value->items.size(), 2U);
  EXPECT_EQ(o.value->items[1]->scalar, "1%");
  EXPECT_EQ(o.value->where.file, "--set links.uplink.loss=[0, 1%]");
  EXPECT_EQ(o.value->where.column, 19);  // the '[' in what the user typed
  EXPECT_EQ(error_of([] { parse_override("duration"); }),
            "--set duration: expected KEY=VALUE with a dotted key path, e.g. "
            "links.uplink.loss=2%");
}

class ComposeTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("netsim-compose-" + std::to_string(::getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_ / "sub");
  }
  void TearDown() override { fs::remove_all(dir_); }
  std::string write(const std::string& name, const std::string& text) {
    std::ofstream(dir_ / name) << text;
    return (dir_ / name).string();
  }
  fs::path dir_;
};

constexpr const char* kBase =
    "name: base\n"
    "duration: 5s\n"
    "seed: 4\n"
    "nodes: {a: {}, b: {}}\n"
    "links:\n"
    "  l1: {between: [a, b], rate: 10Mbps, delay: 5ms}\n"
    "traffic:\n"
    "  t: {from: a, to: b, size: 100B, interval: 10ms}\n";

TEST_F(ComposeTest, ExtendsLaysTheFileOverItsBaseRelativeToTheFile) {
  write("sub/base.yaml", kBase);
  const std::string child =
      write("child.yaml", "extends: sub/base.yaml\nname: child\nlinks: {l1: {delay: 7ms}}\n");
  const ScenarioConfig c = load_scenario_file(child);
  EXPECT_EQ(c.name, "child");
  EXPECT_EQ(c.seed, 4U);  // from the base
  EXPECT_EQ(c.links[0].a_to_b.delay, sim::ms(7));
  EXPECT_EQ(c.links[0].a_to_b.rate, sim::DataRate::mbps(10));  // from the base
}

TEST_F(ComposeTest, ExtendsChainsAndPrecedenceIsBaseThenFileThenSet) {
  write("base.yaml", kBase);
  write("middle.yaml", "extends: base.yaml\nseed: 5\nduration: 6s\n");
  const std::string top = write("top.yaml", "extends: middle.yaml\nseed: 6\n");
  const DocPtr d = compose(top, {parse_override("seed=7")});
  EXPECT_EQ(text_at(d, "seed"), "7");
  EXPECT_EQ(text_at(d, "duration"), "6s");
  EXPECT_EQ(text_at(d, "name"), "base");
  EXPECT_EQ(d->find("extends"), nullptr);
  EXPECT_EQ(text_at(compose(top, {}), "seed"), "6");
}

TEST_F(ComposeTest, AnExtendsCycleIsAnError) {
  write("a.yaml", "extends: b.yaml\nname: a\n");
  const std::string b = write("b.yaml", "extends: a.yaml\nname: b\n");
  EXPECT_EQ(error_of([&] { compose(b, {}); }),
            (dir_ / "a.yaml").string() + ":1:10: extends: extends cycle: b.yaml → a.yaml → b.yaml");
}

TEST_F(ComposeTest, AMissingBaseIsAnErrorAtTheKey) {
  const std::string f = write("f.yaml", "name: f\nextends: nothere.yaml\n");
  EXPECT_EQ(error_of([&] { compose(f, {}); }), f + ":2:10: extends: cannot read '" +
                                                   (dir_ / "nothere.yaml").string() +
                                                   "' (a path relative to this file)");
}

TEST_F(ComposeTest, ErrorsInABaseNameTheBaseFile) {
  write("base.yaml", std::string(kBase) + "links:\n  l1: {between: [a, b], rate: 10Mbs}\n");
  const std::string child = write("child.yaml", "extends: base.yaml\n");
  // yaml-cpp keeps duplicate top-level keys; this base has `links` twice.
  EXPECT_NE(error_of([&] { load_scenario_file(child); }).find((dir_ / "base.yaml").string()),
            std::string::npos);
  write("base2.yaml", kBase);
  const std::string child2 =
      write("child2.yaml", "extends: base2.yaml\nlinks: {l1: {rate: 10Mbs}}\n");
  EXPECT_EQ(error_of([&] { load_scenario_file(child2); }),
            child2 +
                ":2:20: links.l1.rate: expected a bit rate such as '10Mbps' (units: bps, "
                "kbps, Mbps, Gbps, Tbps), got '10Mbs'");
}

TEST_F(ComposeTest, SetErrorsAreReportedAgainstTheArgument) {
  const std::string f = write("f.yaml", kBase);
  EXPECT_EQ(error_of([&] { load_scenario(compose(f, {parse_override("links.l1.loss=2x")}), f); }),
            "--set links.l1.loss=2x:1:15: links.l1.loss: expected a percentage such as '1%', "
            "got '2x'");
  EXPECT_EQ(error_of([&] { load_scenario(compose(f, {parse_override("links.l1.bogus=1")}), f); }),
            "--set links.l1.bogus=1:1:16: links.l1.bogus: unknown key; allowed here: between, "
            "forward, reverse, rate, delay, jitter, jitter_correlation, distribution, loss, "
            "duplicate, reorder, corrupt, mtu, framing, cost, queue");
}

TEST(Profiles, ALinkOrFlowTakesItsProfileAndItsOwnKeysWin) {
  const ScenarioConfig c = load_scenario_text(
      "name: p\nduration: 1s\nnodes: {a: {}, b: {}}\n"
      "profiles:\n"
      "  links: {wifi: {rate: 54Mbps, delay: 2ms, loss: 1%}}\n"
      "  traffic: {voice: {size: 160B, interval: 20ms}}\n"
      "links:\n"
      "  l1: {between: [a, b], profile: wifi, delay: 9ms}\n"
      "traffic:\n"
      "  call: {from: a, to: b, profile: voice}\n",
      "p.yaml");
  EXPECT_EQ(c.links[0].a_to_b.rate, sim::DataRate::mbps(54));
  EXPECT_EQ(c.links[0].a_to_b.delay, sim::ms(9));
  EXPECT_EQ(c.traffic[0].stream.size, sim::Bytes(160));
  EXPECT_EQ(c.traffic[0].stream.interval, sim::ms(20));
}

TEST(Profiles, AnUnknownProfileIsAnErrorWithASuggestion) {
  EXPECT_EQ(error_of([] {
              load_scenario_text(
                  "name: p\nduration: 1s\nnodes: {a: {}, b: {}}\n"
                  "profiles: {links: {wifi: {rate: 54Mbps}}}\n"
                  "links: {l1: {between: [a, b], profile: wfi}}\ntraffic: {}\n",
                  "p.yaml");
            }),
            "p.yaml:5:40: links.l1.profile: no profile 'wfi' under profiles.links (did you mean "
            "'wifi'?)");
  EXPECT_EQ(error_of([] {
              load_scenario_text(
                  "name: p\nduration: 1s\nnodes: {a: {}}\n"
                  "profiles: {link: {}}\ntraffic: {}\n",
                  "p.yaml");
            }),
            "p.yaml:4:12: profiles.link: unknown key (did you mean 'links'?); allowed here: "
            "links, traffic");
}

}  // namespace
}  // namespace netsim::scenario

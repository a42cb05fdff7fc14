// socket.io-adapter's SessionAwareAdapter rules (in-memory-adapter.ts L312-396) on the plain
// store: what is replayed to whom, expiry, and the 60 s cleanup.
#include "models/socketio/recovery_store.h"

#include <gtest/gtest.h>

namespace netsim::socketio {
namespace {

sim::Time at_s(std::int64_t s) { return sim::Time::from_ns(0) + sim::sec(s); }

RecoveryStore store_at_0() {
  return RecoveryStore(at_s(0), sim::sec(120), sim::sec(60), kDefaultEpochUnixMs);
}

TEST(RecoveryStore, offset_is_appended_to_the_data_array) {
  RecoveryStore s = store_at_0();
  const StoredPacket& p = s.store(at_s(0), "/", R"(["foo"])", {}, {}, 0);
  EXPECT_EQ(p.offset, "PjssgW0");  // yeast of 2026-01-01T00:00:00Z
  EXPECT_EQ(p.data, R"(2["foo","PjssgW0"])");
  const StoredPacket& q = s.store(at_s(0), "/admin", R"(["bar",1])", {}, {}, 1);
  EXPECT_EQ(q.data, R"(2/admin,["bar",1,"PjssgW0.0"])");  // same millisecond: yeast's ".N"
}

TEST(RecoveryStore, replays_packets_after_the_offset_for_the_session_rooms_only) {
  RecoveryStore s = store_at_0();
  const std::string first = s.store(at_s(1), "/", R"(["a"])", {}, {}, 0).offset;
  s.store(at_s(2), "/", R"(["all"])", {}, {}, 1);
  s.store(at_s(3), "/", R"(["room1"])", {"room1"}, {}, 2);
  s.store(at_s(4), "/", R"(["room2"])", {"room2"}, {}, 3);
  s.store(at_s(5), "/", R"(["not-room1"])", {}, {"room1"}, 4);
  s.persist(at_s(6), PersistedSession{"id1", "pid1", {"id1", "room1"}, {}});
  const auto r = s.restore(at_s(7), "/", "pid1", first);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->session.id, "id1");
  ASSERT_EQ(r->missed.size(), 2u);
  EXPECT_EQ(r->missed[0]->event_id, 1u);
  EXPECT_EQ(r->missed[1]->event_id, 2u);
  // A restore keeps the session (a second one succeeds too).
  EXPECT_TRUE(s.restore(at_s(8), "/", "pid1", first));
}

TEST(RecoveryStore, each_namespace_restores_its_own_sessions_from_its_own_packets) {
  // One adapter per namespace: "/" and "/admin" broadcasts interleave in the store.
  RecoveryStore s = store_at_0();
  const std::string main_offset = s.store(at_s(1), "/", R"(["a"])", {}, {}, 0).offset;
  const std::string admin_offset = s.store(at_s(1), "/admin", R"(["x"])", {}, {}, 1).offset;
  s.store(at_s(2), "/", R"(["b"])", {}, {}, 2);
  s.store(at_s(3), "/admin", R"(["y"])", {}, {}, 3);
  s.persist(at_s(4), PersistedSession{"id1", "pid1", {"id1"}, {}, "/"});
  s.persist(at_s(4), PersistedSession{"id2", "pid2", {"id2"}, {}, "/admin"});
  const auto main = s.restore(at_s(5), "/", "pid1", main_offset);
  ASSERT_TRUE(main);
  ASSERT_EQ(main->missed.size(), 1u);
  EXPECT_EQ(main->missed[0]->event_id, 2u);
  const auto admin = s.restore(at_s(5), "/admin", "pid2", admin_offset);
  ASSERT_TRUE(admin);
  ASSERT_EQ(admin->missed.size(), 1u);
  EXPECT_EQ(admin->missed[0]->event_id, 3u);
  // "/admin"'s adapter knows neither "/"'s session nor its offsets.
  RestoreFailure why = RestoreFailure::None;
  EXPECT_FALSE(s.restore(at_s(5), "/admin", "pid1", main_offset, &why));
  EXPECT_EQ(why, RestoreFailure::UnknownSession);
  EXPECT_FALSE(s.restore(at_s(5), "/admin", "pid2", main_offset, &why));
  EXPECT_EQ(why, RestoreFailure::OffsetNotFound);
}

TEST(RecoveryStore, unknown_pid_expired_session_and_unknown_offset_fail) {
  RecoveryStore s = store_at_0();
  const std::string offset = s.store(at_s(10), "/", R"(["a"])", {}, {}, 0).offset;
  s.persist(at_s(10), PersistedSession{"id1", "pid1", {"id1"}, {}});
  RestoreFailure why = RestoreFailure::None;
  EXPECT_FALSE(s.restore(at_s(11), "/", "nope", offset, &why));
  EXPECT_EQ(why, RestoreFailure::UnknownSession);
  EXPECT_FALSE(s.restore(at_s(11), "/", "pid1", "zzz", &why));
  EXPECT_EQ(why, RestoreFailure::OffsetNotFound);
  // disconnectedAt + 120 s ≥ now is still valid (130 s); one tick later (before the cleanup at
  // 180 s removes it) it has expired.
  EXPECT_TRUE(s.restore(at_s(130), "/", "pid1", offset));
  EXPECT_FALSE(s.restore(at_s(130) + sim::ms(1), "/", "pid1", offset, &why));
  EXPECT_EQ(why, RestoreFailure::Expired);
}

TEST(RecoveryStore, cleanup_every_60_s_prunes_old_sessions_and_packets) {
  RecoveryStore s = store_at_0();
  s.store(at_s(5), "/", R"(["old"])", {}, {}, 0);
  s.store(at_s(70), "/", R"(["newer"])", {}, {}, 1);
  s.persist(at_s(5), PersistedSession{"id1", "pid1", {"id1"}, {}});
  s.catch_up(at_s(179));  // the firings at 60 and 120 s: nothing older than 0 s
  EXPECT_EQ(s.sessions(), 1u);
  EXPECT_EQ(s.packets(), 2u);
  s.catch_up(at_s(180));  // threshold 60 s: the session (5 s) and the first packet go
  EXPECT_EQ(s.sessions(), 0u);
  EXPECT_EQ(s.packets(), 1u);
}

}  // namespace
}  // namespace netsim::socketio

// Reference option defaults (PROTOCOLS.md §15 cheat-sheet).
#include "models/socketio/options.h"

#include <gtest/gtest.h>

#include "models/socketio/backoff.h"

namespace netsim::socketio {
namespace {

using sim::ms;

TEST(Options, ServerDefaultsAreEngineIoAndSocketIos) {
  const ServerOptions server;
  EXPECT_EQ(server.ping_interval, ms(25000));
  EXPECT_EQ(server.ping_timeout, ms(20000));
  EXPECT_EQ(server.upgrade_timeout, ms(10000));
  EXPECT_EQ(server.max_http_buffer_size, 1000000);
  EXPECT_EQ(server.transports, (std::vector<Transport>{Transport::Polling, Transport::WebSocket}));
  EXPECT_TRUE(server.allow_upgrades);
  EXPECT_EQ(server.connect_timeout, ms(45000));
  EXPECT_FALSE(server.connection_state_recovery.enabled);
  EXPECT_EQ(server.connection_state_recovery.max_disconnection_duration, ms(120000));
  EXPECT_TRUE(server.connection_state_recovery.skip_middlewares);
}

TEST(Options, ClientDefaultsAreSocketIoClients) {
  const ClientOptions client;
  EXPECT_EQ(client.transports, (std::vector<Transport>{Transport::Polling, Transport::WebSocket}));
  EXPECT_TRUE(client.upgrade);
  EXPECT_FALSE(client.remember_upgrade);
  EXPECT_TRUE(client.reconnection);
  EXPECT_EQ(client.reconnection_attempts, std::nullopt);  // Infinity
  EXPECT_EQ(client.reconnection_delay, ms(1000));
  EXPECT_EQ(client.reconnection_delay_max, ms(5000));
  EXPECT_EQ(client.randomization_factor, 0.5);
  EXPECT_EQ(client.timeout, ms(20000));
  EXPECT_TRUE(client.auto_connect);
  EXPECT_EQ(client.retries, std::nullopt);
  EXPECT_EQ(client.ack_timeout, std::nullopt);
  EXPECT_TRUE(client.timestamp_requests);
}

TEST(Options, ManagerBackoffFromClientDefaultsMatchesBackoffDefaults) {
  const ClientOptions client;
  Backoff from_options(client.reconnection_delay / ms(1), client.reconnection_delay_max / ms(1), 2,
                       client.randomization_factor);
  Backoff defaults;
  for (const double rand : {0.0, 0.3, 0.95, 0.5, 0.7, 0.1}) {
    EXPECT_EQ(from_options.duration(rand), defaults.duration(rand));
  }
}

}  // namespace
}  // namespace netsim::socketio

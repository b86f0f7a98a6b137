// ConnectionTable on explicit time points: which connections the cap and the header deadline close.
#include "httpd/connection_table.h"

#include <gmock/gmock.h>

namespace edgecert::httpd::testing {
namespace {

using std::chrono::seconds;
using ::testing::ElementsAre;
using ::testing::IsEmpty;
using ::testing::UnorderedElementsAre;

const ConnectionTable::TimePoint kStart{seconds(1000)};

TEST(ConnectionTableTest, OverTheCapTheLongestWaitingConnectionIsClosed) {
  ConnectionTable table(2, seconds(10));
  EXPECT_THAT(table.Opened(1, 0, 11, kStart), IsEmpty());
  EXPECT_THAT(table.Opened(2, 0, 12, kStart + seconds(1)), IsEmpty());
  EXPECT_THAT(table.Opened(3, 0, 13, kStart + seconds(2)), ElementsAre(11));
  EXPECT_EQ(table.evicted(), 1u);
  // The chosen one still counts as open until the server reports it closed, but not against the cap.
  EXPECT_EQ(table.open(), 3u);
  table.Closed(1);
  EXPECT_EQ(table.open(), 2u);
  EXPECT_THAT(table.Opened(4, 0, 14, kStart + seconds(3)), ElementsAre(12));
}

TEST(ConnectionTableTest, BusyConnectionsAreNeverClosed) {
  ConnectionTable table(1, seconds(10));
  EXPECT_THAT(table.Opened(1, 0, 11, kStart), IsEmpty());
  table.RequestStarted(1);
  // Every other connection is busy: the new one is the one that goes.
  EXPECT_THAT(table.Opened(2, 0, 12, kStart + seconds(1)), ElementsAre(12));
  // After its response, 1 waits again from that moment, and is the longest-waiting one.
  EXPECT_THAT(table.RequestFinished(1, 0, kStart + seconds(2)), IsEmpty());
  EXPECT_THAT(table.Opened(3, 0, 13, kStart + seconds(3)), ElementsAre(11));
}

TEST(ConnectionTableTest, AHeadNotCompleteWithinTheDeadlineIsClosed) {
  ConnectionTable table(100, seconds(10));
  EXPECT_THAT(table.Opened(1, 0, 11, kStart), IsEmpty());
  EXPECT_THAT(table.Opened(2, 0, 12, kStart + seconds(5)), IsEmpty());
  table.RequestStarted(2);
  EXPECT_THAT(table.Opened(3, 0, 13, kStart + seconds(9)), IsEmpty());
  // At 10 s connection 1 has waited its whole deadline; 2 is busy, 3 has waited 1 s.
  EXPECT_THAT(table.Opened(4, 0, 14, kStart + seconds(10)), ElementsAre(11));
  // A keep-alive connection gets the same deadline for its next request head.
  EXPECT_THAT(table.RequestFinished(2, 0, kStart + seconds(11)), IsEmpty());
  EXPECT_THAT(table.Opened(5, 0, 15, kStart + seconds(21)), UnorderedElementsAre(13, 14, 12));
}

TEST(ConnectionTableTest, AWorkerOnlyClosesItsOwnConnections) {
  ConnectionTable table(1, seconds(10));
  EXPECT_THAT(table.Opened(1, 7, 11, kStart), IsEmpty());
  EXPECT_THAT(table.Opened(2, 8, 12, kStart + seconds(1)), IsEmpty());
  EXPECT_THAT(table.Opened(3, 8, 13, kStart + seconds(2)), ElementsAre(12));
  EXPECT_THAT(table.Opened(4, 8, 14, kStart + seconds(20)), ElementsAre(13));
  table.Closed(1);
  table.Closed(2);
  table.Closed(3);
  table.Closed(4);
  EXPECT_EQ(table.open(), 0u);
}

}  // namespace
}  // namespace edgecert::httpd::testing

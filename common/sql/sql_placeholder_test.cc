#include "common/sql/sql_placeholder.h"

#include <gtest/gtest.h>

namespace lc {
namespace {

std::vector<size_t> Find(std::string_view q, SqlDialect d) {
  std::vector<size_t> at;
  Status s = FindCursorPlaceholders(q, d, &at);
  EXPECT_TRUE(s.ok()) << s.message();
  return at;
}

TEST(SqlPlaceholderTest, FindsEachCursorParameter) {
  std::string q = "SELECT * FROM t WHERE id > $1 OR (id = $1) ORDER BY id LIMIT 10";
  EXPECT_EQ(Find(q, SqlDialect::kPostgres), (std::vector<size_t>{27, 39}));
  EXPECT_EQ(BindCursorLiteral(q, Find(q, SqlDialect::kMySql), 42),
            "SELECT * FROM t WHERE id > 42 OR (id = 42) ORDER BY id LIMIT 10");
}

TEST(SqlPlaceholderTest, SkipsLiteralsIdentifiersAndComments) {
  std::string my = "SELECT '$1', 'it''s $1', 'a\\' $1', \"$1\", `$1` -- $1\n# $1\n/* $1 */ FROM t WHERE id>$1";
  EXPECT_EQ(BindCursorLiteral(my, Find(my, SqlDialect::kMySql), 7),
            "SELECT '$1', 'it''s $1', 'a\\' $1', \"$1\", `$1` -- $1\n# $1\n/* $1 */ FROM t WHERE id>7");
  std::string pg = "SELECT 'a\\', $$ $1 $$, $x$ $1 $x$, E'\\' $1', \"$1\" FROM t WHERE id > $1";
  std::vector<size_t> at = Find(pg, SqlDialect::kPostgres);
  ASSERT_EQ(at.size(), 1u);  // standard strings: 'a\' ends at its second quote
  EXPECT_EQ(at[0], pg.size() - 2);
}

TEST(SqlPlaceholderTest, RefusesAQueryWithoutTheCursorOrWithOtherParameters) {
  std::vector<size_t> at;
  EXPECT_TRUE(FindCursorPlaceholders("SELECT * FROM t", SqlDialect::kPostgres, &at).IsInvalidArgument());
  EXPECT_TRUE(FindCursorPlaceholders("SELECT '$1' FROM t", SqlDialect::kMySql, &at).IsInvalidArgument());
  Status s = FindCursorPlaceholders("SELECT * FROM t WHERE id > $1 AND x = $2", SqlDialect::kPostgres, &at);
  EXPECT_NE(s.message().find("$2"), std::string::npos);
  EXPECT_TRUE(FindCursorPlaceholders("WHERE id > $10", SqlDialect::kMySql, &at).IsInvalidArgument());
}

}  // namespace
}  // namespace lc

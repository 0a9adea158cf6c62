// CSV datasets: every bad file is an InputError "name:line: problem"; good files parse exactly.
#include "core/csv.hpp"

#include "core/errors.hpp"

#include <catch2/catch.hpp>

#include <Eigen/Core>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <unistd.h>

using Catch::Matchers::Contains;
using ratebench::Dataset;
using ratebench::InputError;

namespace {

Dataset parse(const std::string& text, Eigen::Index targets = 1) {
    std::istringstream in(text);
    return ratebench::read_csv(in, "t.csv", targets);
}

// A file of our own in the temp directory, removed at scope exit.
struct TempFile {
    std::filesystem::path path;
    explicit TempFile(const std::string& text) {
        path = std::filesystem::temp_directory_path() /
               ("ratebench_test_csv_" + std::to_string(::getpid()) + ".csv");
        std::ofstream out(path, std::ios::binary);
        out << text;
    }
    ~TempFile() {
        std::error_code ec;
        std::filesystem::remove(path, ec);
    }
};

}  // namespace

// ---- bad files: one test per kind ---------------------------------------------------------

TEST_CASE("csv: empty file", "[csv]") {
    CHECK_THROWS_AS(parse(""), InputError);
    CHECK_THROWS_WITH(parse(""), Contains("t.csv:") && Contains("no data rows") &&
                                     Contains("empty file"));
    // Only blank lines is as empty as no lines.
    CHECK_THROWS_WITH(parse("\n  \n\r\n"), Contains("t.csv:") && Contains("empty file"));
}

TEST_CASE("csv: header only", "[csv]") {
    CHECK_THROWS_AS(parse("x1,x2,y\n"), InputError);
    CHECK_THROWS_WITH(parse("x1,x2,y\n"),
                      Contains("t.csv:1:") && Contains("no data rows") && Contains("only a header"));
}

TEST_CASE("csv: ragged row names its line", "[csv]") {
    // Line 4 (after a header, a good row and a blank line) has one field too few.
    const std::string text = "x1,x2,y\n1,2,3\n\n4,5\n6,7,8\n";
    CHECK_THROWS_AS(parse(text), InputError);
    CHECK_THROWS_WITH(parse(text), Contains("t.csv:4:") && Contains("expected 3 columns") &&
                                       Contains("found 2"));
    // Too many fields is ragged as well; without a header the first row sets the width.
    CHECK_THROWS_WITH(parse("1,2\n3,4\n5,6,7\n"), Contains("t.csv:3:") && Contains("ragged"));
}

TEST_CASE("csv: non-number field names line, column and text", "[csv]") {
    CHECK_THROWS_AS(parse("1,2\n3,abc\n"), InputError);
    CHECK_THROWS_WITH(parse("1,2\n3,abc\n"),
                      Contains("t.csv:2:") && Contains("column 2") && Contains("'abc' is not a number"));
    // Trailing junk, an empty field, a lone sign and a decimal comma are not numbers either.
    CHECK_THROWS_WITH(parse("1,2\n3,4x\n"), Contains("t.csv:2:") && Contains("not a number"));
    CHECK_THROWS_WITH(parse("1,2\n,4\n"), Contains("t.csv:2: column 1") && Contains("not a number"));
    CHECK_THROWS_WITH(parse("1,2\n3,+\n"), Contains("t.csv:2:") && Contains("not a number"));
    CHECK_THROWS_WITH(parse("1,2\n3,-\n"), Contains("t.csv:2:") && Contains("not a number"));
    // A semicolon file: its first line reads as a one-column header, its second as a bad field.
    CHECK_THROWS_WITH(parse("1;2\n3;4\n"), Contains("t.csv:2:") && Contains("'3;4' is not a number"));
}

TEST_CASE("csv: two signs are not a number", "[csv]") {
    CHECK_THROWS_WITH(parse("1,2\n3,+-4\n"), Contains("t.csv:2:") && Contains("'+-4' is not a number"));
    CHECK_THROWS_WITH(parse("1,2\n3,++4\n"), Contains("t.csv:2:") && Contains("not a number"));
    CHECK_THROWS_WITH(parse("1,2\n3,-+4\n"), Contains("t.csv:2:") && Contains("not a number"));
}

TEST_CASE("csv: NaN is rejected", "[csv]") {
    CHECK_THROWS_AS(parse("1,2\nnan,3\n"), InputError);
    CHECK_THROWS_WITH(parse("1,2\nnan,3\n"),
                      Contains("t.csv:2:") && Contains("column 1") && Contains("non-finite"));
    CHECK_THROWS_WITH(parse("1,2\n3,NaN\n"), Contains("t.csv:2:") && Contains("non-finite"));
    // A NaN in the very first row is data gone bad, not a header.
    CHECK_THROWS_WITH(parse("nan,nan\n1,2\n"), Contains("t.csv:1:") && Contains("non-finite"));
}

TEST_CASE("csv: Inf is rejected", "[csv]") {
    CHECK_THROWS_AS(parse("1,2\n3,inf\n"), InputError);
    CHECK_THROWS_WITH(parse("1,2\n3,inf\n"),
                      Contains("t.csv:2:") && Contains("column 2") && Contains("non-finite"));
    CHECK_THROWS_WITH(parse("1,2\n-Infinity,3\n"), Contains("t.csv:2:") && Contains("non-finite"));
    CHECK_THROWS_WITH(parse("1,2\n3,+inf\n"), Contains("t.csv:2:") && Contains("non-finite"));
}

TEST_CASE("csv: a single column leaves no input column", "[csv]") {
    CHECK_THROWS_AS(parse("y\n1\n2\n"), InputError);
    CHECK_THROWS_WITH(parse("y\n1\n2\n"), Contains("t.csv:1:") && Contains("no input column"));
    CHECK_THROWS_WITH(parse("1\n2\n"), Contains("t.csv:1:") && Contains("no input column"));
    // Two columns with two target columns: likewise.
    CHECK_THROWS_WITH(parse("1,2\n3,4\n", 2), Contains("t.csv:1:") && Contains("no input column"));
}

TEST_CASE("csv: fewer than one target column is an InputError", "[csv]") {
    CHECK_THROWS_AS(parse("1,2\n", 0), InputError);
    CHECK_THROWS_WITH(parse("1,2\n", 0), Contains("t.csv:") && Contains(">= 1"));
}

TEST_CASE("csv: missing file", "[csv]") {
    const std::string path = "/nonexistent-ratebench-dir/no_such_file.csv";
    CHECK_THROWS_AS(ratebench::load_csv(path), InputError);
    CHECK_THROWS_WITH(ratebench::load_csv(path), Contains(path + ":") && Contains("cannot open"));
}

// ---- good files ---------------------------------------------------------------------------

TEST_CASE("csv: header is optional", "[csv]") {
    const Dataset with = parse("x1,x2,y\n1,2,3\n4,5,6\n");
    const Dataset without = parse("1,2,3\n4,5,6\n");
    Eigen::MatrixXd X(2, 2), Y(2, 1);
    X << 1, 2, 4, 5;
    Y << 3, 6;
    CHECK(with.X == X);
    CHECK(with.Y == Y);
    CHECK(without.X == X);
    CHECK(without.Y == Y);
}

TEST_CASE("csv: the last k columns are the targets", "[csv]") {
    const std::string text = "a,b,c,d\n1,2,3,4\n5,6,7,8\n9,10,11,12\n";
    SECTION("k = 1") {
        const Dataset data = parse(text, 1);
        REQUIRE(data.n() == 3);
        REQUIRE(data.d() == 3);
        REQUIRE(data.k() == 1);
        Eigen::MatrixXd X(3, 3), Y(3, 1);
        X << 1, 2, 3, 5, 6, 7, 9, 10, 11;
        Y << 4, 8, 12;
        CHECK(data.X == X);
        CHECK(data.Y == Y);
    }
    SECTION("k = 2") {
        const Dataset data = parse(text, 2);
        REQUIRE(data.n() == 3);
        REQUIRE(data.d() == 2);
        REQUIRE(data.k() == 2);
        Eigen::MatrixXd X(3, 2), Y(3, 2);
        X << 1, 2, 5, 6, 9, 10;
        Y << 3, 4, 7, 8, 11, 12;
        CHECK(data.X == X);
        CHECK(data.Y == Y);
    }
}

TEST_CASE("csv: whitespace and CRLF are tolerated", "[csv]") {
    const Dataset data = parse("x , y\r\n 1 ,\t2\t\r\n3,  4 \r\n");
    Eigen::MatrixXd X(2, 1), Y(2, 1);
    X << 1, 3;
    Y << 2, 4;
    CHECK(data.X == X);
    CHECK(data.Y == Y);
    // Last line without a newline at all.
    CHECK(parse("1,2\n3,4").n() == 2);
}

TEST_CASE("csv: blank lines are skipped but still counted", "[csv]") {
    const Dataset data = parse("\n\nx,y\n\n1,2\n   \n\t\n\r\n3,4\n\n");
    Eigen::MatrixXd X(2, 1), Y(2, 1);
    X << 1, 3;
    Y << 2, 4;
    CHECK(data.X == X);
    CHECK(data.Y == Y);
    // Line numbers in messages count the blank lines.
    CHECK_THROWS_WITH(parse("\n\n1,2\n\nfoo,3\n"), Contains("t.csv:5:"));
}

TEST_CASE("csv: values are parsed exactly", "[csv]") {
    const Dataset data =
        parse("0.1,-2.5e-3,+3,1e-300\n0.30000000000000004,1.7976931348623157e308,-0,5e-324\n");
    // Correctly rounded parsing gives the same double as the compiler's literal: compare exactly.
    CHECK(data.X(0, 0) == 0.1);
    CHECK(data.X(0, 1) == -2.5e-3);
    CHECK(data.X(0, 2) == 3.0);
    CHECK(data.Y(0, 0) == 1e-300);
    CHECK(data.X(1, 0) == 0.1 + 0.2);
    CHECK(data.X(1, 1) == 1.7976931348623157e308);
    CHECK(data.X(1, 2) == 0.0);
    CHECK(std::signbit(data.X(1, 2)));
    CHECK(data.Y(1, 0) == 5e-324);
}

TEST_CASE("csv: parsed data passes validate_dataset", "[csv]") {
    const Dataset data = parse("x1,x2,y\n1,2,3\n");
    CHECK_NOTHROW(ratebench::validate_dataset(data, "t.csv"));
}

TEST_CASE("csv: load_csv reads a file and names it in messages", "[csv]") {
    SECTION("good file") {
        const TempFile file("x1,x2,y1,y2\r\n1,2,3,4\r\n5,6,7,8\r\n");
        const Dataset data = ratebench::load_csv(file.path.string(), 2);
        Eigen::MatrixXd X(2, 2), Y(2, 2);
        X << 1, 2, 5, 6;
        Y << 3, 4, 7, 8;
        CHECK(data.X == X);
        CHECK(data.Y == Y);
        CHECK(ratebench::load_csv(file.path.string()).k() == 1);  // default: one target
    }
    SECTION("bad file") {
        const TempFile file("x,y\n1,2\n3\n");
        CHECK_THROWS_WITH(ratebench::load_csv(file.path.string()),
                          Contains(file.path.string() + ":3:"));
    }
}

#include "base/file.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <thread>

namespace plaquette {
namespace {

namespace fs = std::filesystem;

class ReadInputFile : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("plaquette-file-" + std::to_string(::getpid()));
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  std::string write(const std::string& name, const std::string& bytes) {
    const fs::path p = dir_ / name;
    std::ofstream(p, std::ios::binary) << bytes;
    return p.string();
  }
  fs::path dir_;
};

TEST_F(ReadInputFile, ReadsARegularFileWholeAndRemembersIt) {
  const std::string path = write("a.yaml", std::string("x: 1\n\0y", 7));
  ReadError error;
  auto bytes = read_input_file(path, InputKind::text, error);
  ASSERT_TRUE(bytes) << error.message;
  EXPECT_EQ(*bytes, std::string("x: 1\n\0y", 7));
  struct stat st;
  ASSERT_EQ(::stat(path.c_str(), &st), 0);
  const auto files = files_read();
  EXPECT_TRUE(std::any_of(files.begin(), files.end(), [&](const FileRead& f) {
    return f.id == FileId{st.st_dev, st.st_ino};
  }));
}

// A long run (`plaquette watch`) reads files again after they were replaced, and an inode
// number freed by one may come back as another: each name is remembered with its file.
TEST_F(ReadInputFile, OneFileReadUnderTwoNamesIsRememberedUnderBoth) {
  const std::string a = write("first.yaml", "x: 1\n");
  const std::string b = (dir_ / "second.yaml").string();
  fs::create_hard_link(a, b);
  ReadError error;
  ASSERT_TRUE(read_input_file(a, InputKind::text, error)) << error.message;
  ASSERT_TRUE(read_input_file(b, InputKind::text, error)) << error.message;
  ASSERT_TRUE(read_input_file(a, InputKind::text, error)) << error.message;
  const auto files = files_read();
  EXPECT_EQ(
      std::count_if(files.begin(), files.end(), [&](const FileRead& f) { return f.path == a; }), 1);
  EXPECT_EQ(
      std::count_if(files.begin(), files.end(), [&](const FileRead& f) { return f.path == b; }), 1);
}

TEST_F(ReadInputFile, AnEmptyFileIsEmpty) {
  ReadError error;
  auto bytes = read_input_file(write("empty", ""), InputKind::font, error);
  ASSERT_TRUE(bytes);
  EXPECT_TRUE(bytes->empty());
}

TEST_F(ReadInputFile, AMissingFileSaysSo) {
  ReadError error;
  EXPECT_FALSE(read_input_file((dir_ / "nope").string(), InputKind::text, error));
  EXPECT_EQ(error.code, ReadError::Code::missing);
  EXPECT_EQ(error.message, "no such file");
}

TEST_F(ReadInputFile, AFolderIsNamedAsSuch) {
  ReadError error;
  EXPECT_FALSE(read_input_file(dir_.string(), InputKind::font, error));
  EXPECT_EQ(error.code, ReadError::Code::not_regular);
  EXPECT_EQ(error.message, "it is a directory");
}

TEST_F(ReadInputFile, AFifoIsRefusedWithoutBlocking) {
  const fs::path fifo = dir_ / "fifo";
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  ReadError error;
  EXPECT_FALSE(read_input_file(fifo.string(), InputKind::profile, error));
  EXPECT_EQ(error.message, "it is a FIFO (named pipe)");
}

TEST_F(ReadInputFile, ADeviceIsRefused) {
  ReadError error;
  EXPECT_FALSE(read_input_file("/dev/zero", InputKind::profile, error));
  EXPECT_EQ(error.message, "it is a character device");
}

TEST_F(ReadInputFile, ASocketIsRefused) {
  const fs::path sock = dir_ / "sock";
  const int fd = ::socket(AF_UNIX, SOCK_STREAM, 0);
  ASSERT_GE(fd, 0);
  sockaddr_un addr{};
  addr.sun_family = AF_UNIX;
  ASSERT_LT(sock.string().size(), sizeof addr.sun_path);
  std::strcpy(addr.sun_path, sock.c_str());
  ASSERT_EQ(::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
  ReadError error;
  EXPECT_FALSE(read_input_file(sock.string(), InputKind::text, error));
  EXPECT_EQ(error.message, "it is a socket");
  ::close(fd);
}

TEST_F(ReadInputFile, TheBoundIsExactAndNamed) {
  const std::string path = write("ten", "0123456789");
  ReadError error;
  EXPECT_TRUE(read_input_file(path, InputKind::text, error, 10));
  EXPECT_FALSE(read_input_file(path, InputKind::text, error, 9));
  EXPECT_EQ(error.code, ReadError::Code::too_large);
  EXPECT_EQ(error.message, "more than 9 bytes");
}

TEST_F(ReadInputFile, SharedBytesAreReadOnceWhileHeldAndAgainWhenTheFileChanges) {
  const std::string path = write("font.ttf", "first version");
  ReadError error;
  auto a = read_input_file_shared(path, InputKind::font, error);
  ASSERT_TRUE(a) << error.message;
  EXPECT_EQ(a->view(), "first version");
  EXPECT_TRUE(a->mapped_from_file());  // a font is mapped, not copied
  EXPECT_FALSE(a->changed());
  // Unchanged and still held: the same bytes, not a second read.
  auto b = read_input_file_shared(path, InputKind::font, error);
  ASSERT_TRUE(b);
  EXPECT_EQ(a.get(), b.get());
  // Replaced by rename (as editors and installers do): read again; the holders of the old
  // bytes keep them, unchanged.
  const std::string next = write("next.ttf", "the second version");
  fs::rename(next, path);
  auto c = read_input_file_shared(path, InputKind::font, error);
  ASSERT_TRUE(c);
  EXPECT_NE(a.get(), c.get());
  EXPECT_EQ(c->view(), "the second version");
  EXPECT_EQ(a->view(), "first version");
  EXPECT_FALSE(a->changed());
  EXPECT_TRUE(changed_inputs().empty());
  // No longer held by anyone: read again.
  a.reset();
  b.reset();
  c.reset();
  auto d = read_input_file_shared(path, InputKind::font, error);
  ASSERT_TRUE(d);
  EXPECT_EQ(d->view(), "the second version");
  // The checks are read_input_file's: a bound smaller than the file refuses it.
  EXPECT_FALSE(read_input_file_shared(path, InputKind::font, error, 4));
  EXPECT_EQ(error.code, ReadError::Code::too_large);
  EXPECT_FALSE(read_input_file_shared((dir_ / "missing.ttf").string(), InputKind::font, error));
  EXPECT_EQ(error.code, ReadError::Code::missing);
}

TEST_F(ReadInputFile, AMappedFileTruncatedWhileHeldReadsZerosAndCountsAsChanged) {
  // Without the guard, reading the pages cut off would kill the process with SIGBUS.
  const std::string text(3 * 4096 + 100, 'f');
  const std::string path = write("cut.ttf", text);
  ReadError error;
  auto bytes = read_input_file_shared(path, InputKind::font, error);
  ASSERT_TRUE(bytes) << error.message;
  ASSERT_TRUE(bytes->mapped_from_file());
  EXPECT_EQ(bytes->data()[text.size() - 1], 'f');
  ASSERT_EQ(::truncate(path.c_str(), 100), 0);
  EXPECT_EQ(bytes->data()[text.size() - 1], '\0');  // a zero page now, not SIGBUS
  EXPECT_EQ(bytes->data()[2 * 4096], '\0');
  EXPECT_TRUE(bytes->changed());
  EXPECT_EQ(changed_inputs(), std::vector<std::string>{path});
  bytes.reset();  // no longer in use: no longer listed
  EXPECT_TRUE(changed_inputs().empty());
}

TEST_F(ReadInputFile, AMappedFileWrittenInPlaceCountsAsChanged) {
  const std::string path = write("rewritten.ttf", "version one");
  ReadError error;
  auto bytes = read_input_file_shared(path, InputKind::font, error);
  ASSERT_TRUE(bytes) << error.message;
  // Same size, other bytes, a later modification time.
  {
    std::fstream f(path, std::ios::in | std::ios::out | std::ios::binary);
    f << "version two";
  }
  struct timespec times[2] = {{0, UTIME_OMIT}, {0, UTIME_NOW}};
  ::utimensat(AT_FDCWD, path.c_str(), times, 0);
  EXPECT_TRUE(bytes->changed());
  EXPECT_EQ(changed_inputs(), std::vector<std::string>{path});
}

TEST(FileBytes, ASigbusElsewhereIsNotSwallowedByTheGuard) {
  // A SIGBUS outside every mapped file goes where it went without the guard: the default
  // action (the process dies of it), or a sanitizer's handler (which aborts).
  const std::string path =
      (fs::temp_directory_path() / ("plaquette-sigbus-" + std::to_string(::getpid()))).string();
  std::ofstream(path) << std::string(3 * 4096, 'x');
  ReadError error;
  auto guard = read_input_file_shared(path, InputKind::font, error);  // installs the guard
  ASSERT_TRUE(guard && guard->mapped_from_file());
  EXPECT_EXIT(
      {
        const int fd = ::open(path.c_str(), O_RDONLY);
        auto* p =
            static_cast<volatile char*>(::mmap(nullptr, 3 * 4096, PROT_READ, MAP_SHARED, fd, 0));
        (void)!::ftruncate(::open(path.c_str(), O_WRONLY), 0);
        (void)p[2 * 4096];
        std::exit(0);
      },
      [](int status) {
        return WIFSIGNALED(status) && (WTERMSIG(status) == SIGBUS || WTERMSIG(status) == SIGABRT);
      },
      "");
  guard.reset();
  fs::remove(path);
}

TEST_F(ReadInputFile, AStampChangesWithTheFileAndOnlyThen) {
  const std::string path = write("stamped.geojson", "{}");
  const auto first = file_stamp(path);
  ASSERT_TRUE(first);
  EXPECT_EQ(file_stamp(path), first);  // unchanged: equal
  // Replaced by another file of the same size and modification time (cp -p, rsync -t):
  // another identity, so another stamp.
  const std::string other = write("other.geojson", "[]");
  struct timespec times[2] = {{0, UTIME_OMIT}, {0, 0}};
  times[1].tv_sec = first->mtime_ns / 1000000000;
  times[1].tv_nsec = first->mtime_ns % 1000000000;
  ASSERT_EQ(::utimensat(AT_FDCWD, path.c_str(), times, 0), 0);
  ASSERT_EQ(::utimensat(AT_FDCWD, other.c_str(), times, 0), 0);
  const auto before = file_stamp(path);
  fs::rename(other, path);
  const auto after = file_stamp(path);
  ASSERT_TRUE(after);
  EXPECT_EQ(after->size, before->size);
  EXPECT_EQ(after->mtime_ns, before->mtime_ns);
  EXPECT_NE(after, before);
  // Written in place: another size or time.
  write("stamped.geojson", "{\"a\": 1}");
  EXPECT_NE(file_stamp(path), after);
  EXPECT_FALSE(file_stamp((dir_ / "missing").string()));
}

TEST_F(ReadInputFile, BigFilesAreReadWholeIntoTheirOwnMemory) {
  // Above 256 KiB a file read (not mapped: a profile) gets memory of its own (huge pages
  // where the kernel has them): every byte is read, in order, and the bound still counts.
  std::string big(700 * 1024 + 13, '\0');
  for (std::size_t i = 0; i < big.size(); ++i) big[i] = static_cast<char>(i * 7 % 251);
  const std::string path = write("big.icc", big);
  ReadError error;
  auto bytes = read_input_file_shared(path, InputKind::profile, error);
  ASSERT_TRUE(bytes) << error.message;
  EXPECT_FALSE(bytes->mapped_from_file());
  EXPECT_EQ(bytes->size(), big.size());
  EXPECT_TRUE(bytes->view() == big);
  EXPECT_FALSE(read_input_file_shared(path, InputKind::profile, error, big.size() - 1));
  EXPECT_EQ(error.code, ReadError::Code::too_large);
  const auto copy = read_input_file(path, InputKind::profile, error, big.size());
  ASSERT_TRUE(copy) << error.message;
  EXPECT_TRUE(*copy == big);
}

TEST(FileBytes, AFileLongerThanItsSizeSaidIsReadToItsEndWithinTheBound) {
  // fstat's size is a hint: a file that grew since is read on into a bigger buffer, and
  // reading stops one byte past the bound.
  int fds[2];
  ASSERT_EQ(::pipe(fds), 0);
  const std::string text(100000, 'x');
  std::thread writer([&] {
    std::size_t done = 0;
    while (done < text.size()) {
      const ssize_t n = ::write(fds[1], text.data() + done, text.size() - done);
      if (n <= 0) break;
      done += static_cast<std::size_t>(n);
    }
    ::close(fds[1]);
  });
  int err = 0;
  auto bytes = FileBytes::read(fds[0], 10, 1 << 20, err);
  writer.join();
  ::close(fds[0]);
  ASSERT_TRUE(bytes);
  EXPECT_EQ(bytes->size(), text.size());
  EXPECT_TRUE(bytes->view() == text);

  ASSERT_EQ(::pipe(fds), 0);
  std::thread writer2([&] {
    (void)!::write(fds[1], text.data(), 5000);
    ::close(fds[1]);
  });
  auto over = FileBytes::read(fds[0], 10, 4000, err);
  writer2.join();
  ::close(fds[0]);
  ASSERT_TRUE(over);
  EXPECT_EQ(over->size(), 4001u);  // one byte past the bound: the caller's "too large"
}

TEST(InputBound, EachKindHasItsBoundNamedInMessages) {
  EXPECT_EQ(input_bound(InputKind::text), 8u << 20);
  EXPECT_EQ(input_bound(InputKind::font), 32u << 20);
  EXPECT_EQ(input_bound(InputKind::profile), 32u << 20);
  EXPECT_EQ(input_bound(InputKind::pdf), 1u << 30);
  EXPECT_EQ(describe_bound(InputKind::text, 8u << 20),
            "8 MiB, the bound for data, layouts, catalogs and editions lists");
  EXPECT_EQ(describe_bound(InputKind::font, 32u << 20), "32 MiB, the bound for fonts and profiles");
  EXPECT_EQ(describe_bound(InputKind::pdf, 1u << 30), "1 GiB, the bound for a PDF to preflight");
}

}  // namespace
}  // namespace plaquette

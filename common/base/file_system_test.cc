#include "common/base/file_system.h"

#include <fcntl.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstddef>
#include <cstdlib>
#include <fstream>

#include <gtest/gtest.h>

#include "common/base/atomic_file.h"
#include "common/base/confined_open.h"

namespace lc {
namespace {

// The escape tests of Open(path, root, beneath) on real directories with the
// symlinks a hostile container would plant, run twice: through openat2 and
// through the walk that stands in for it on kernels before 5.6
// (LCTK_NO_OPENAT2=1 forces it, as on such a kernel).
class ConfinedOpenTest : public ::testing::TestWithParam<bool> {
 protected:
  void SetUp() override {
    if (GetParam()) {
      setenv("LCTK_NO_OPENAT2", "1", 1);
    } else {
      unsetenv("LCTK_NO_OPENAT2");
    }
    char d[] = "/tmp/lc-fs-XXXXXX";
    ASSERT_NE(nullptr, mkdtemp(d));
    dir_ = d;
    root_ = dir_ + "/ctr/merged";
    upper_ = dir_ + "/ctr/diff";
    Run("mkdir -p " + root_ + "/var/log/app " + root_ + "/srv/logs " + root_ + dir_ + "/host " +
        upper_ + "/var/log/real " + dir_ + "/host");
    Write(dir_ + "/host/secret", "host secret\n");
    Write(root_ + "/var/log/app/a.log", "app line\n");
    Write(root_ + "/srv/logs/b.log", "srv line\n");
    // The container's own file at the host secret's path: what an absolute
    // link to that path means inside the root.
    Write(root_ + dir_ + "/host/secret", "the container's own\n");
    Write(upper_ + "/var/log/real/a.log", "upper line\n");
  }
  void TearDown() override {
    unsetenv("LCTK_NO_OPENAT2");
    Run("rm -rf " + dir_);
  }

  static void Run(const std::string& cmd) { ASSERT_EQ(0, system(cmd.c_str())) << cmd; }
  static void Write(const std::string& path, const std::string& text) {
    std::ofstream(path) << text;
  }
  static void Link(const std::string& target, const std::string& at) {
    ASSERT_EQ(0, symlink(target.c_str(), at.c_str())) << at;
  }
  // Open() in the root, then the whole file: its text, or "error: <message>".
  std::string ReadIn(const std::string& path, const std::string& root, const std::string& beneath) {
    std::unique_ptr<File> f;
    Status s = RealFileSystem()->Open(path, root, beneath, &f);
    if (!s.ok()) return "error: " + s.message();
    char buf[256];
    size_t got = 0;
    s = f->ReadAt(0, buf, sizeof buf, &got);
    if (!s.ok()) return "read error: " + s.message();
    return std::string(buf, got);
  }
  std::string InRoot(const std::string& rel) { return ReadIn(root_ + "/" + rel, root_, ""); }
  std::string InUpper(const std::string& rel) { return ReadIn(upper_ + "/" + rel, root_, upper_); }
  std::string Refused(const std::string& path) {
    return "error: " + path + ": symlink leaves the container, not followed";
  }

  std::string dir_, root_, upper_;
};

TEST_P(ConfinedOpenTest, APlainFileInTheRootOpens) {
  EXPECT_EQ("app line\n", InRoot("var/log/app/a.log"));
  EXPECT_EQ("app line\n", InRoot("var/log/./app/../app/a.log"));
}

TEST_P(ConfinedOpenTest, AnAbsoluteLinkMeansTheContainersOwnRoot) {
  Link(dir_ + "/host/secret", root_ + "/var/log/app/evil.log");
  EXPECT_EQ("the container's own\n", InRoot("var/log/app/evil.log"));
  Link("/srv/logs/b.log", root_ + "/var/log/app/srv.log");
  EXPECT_EQ("srv line\n", InRoot("var/log/app/srv.log"));
  Link("/nowhere/x.log", root_ + "/var/log/app/gone.log");
  EXPECT_EQ("error: " + root_ + "/var/log/app/gone.log: No such file or directory",
            InRoot("var/log/app/gone.log"));
}

TEST_P(ConfinedOpenTest, DotDotChainsStopAtTheRoot) {
  std::string climb = "../../../../../../../../../../../..";
  Link(climb + dir_ + "/host/secret", root_ + "/var/log/app/rel.log");
  EXPECT_EQ("the container's own\n", InRoot("var/log/app/rel.log"));
  EXPECT_EQ("the container's own\n", InRoot("var/log/" + climb + dir_ + "/host/secret"));
}

TEST_P(ConfinedOpenTest, ASymlinkedDirectoryIsResolvedInTheRoot) {
  Link("/srv/logs", root_ + "/var/log/srv");
  EXPECT_EQ("srv line\n", InRoot("var/log/srv/b.log"));
  EXPECT_EQ("app line\n", InRoot("var/log/srv/../../var/log/app/a.log"));  // ".." of /srv/logs
  Link("../../../../../../../../../.." + dir_ + "/host", root_ + "/var/log/hostdir");
  EXPECT_EQ("the container's own\n", InRoot("var/log/hostdir/secret"));
  Link(dir_ + "/host", root_ + "/var/log/abshost");
  EXPECT_EQ("the container's own\n", InRoot("var/log/abshost/secret"));
}

TEST_P(ConfinedOpenTest, LinkLoopsAndLongChainsAreRefused) {
  Link("loop2", root_ + "/var/log/app/loop1");
  Link("loop1", root_ + "/var/log/app/loop2");
  EXPECT_EQ(Refused(root_ + "/var/log/app/loop1"), InRoot("var/log/app/loop1"));
  Link(".", root_ + "/var/log/app/self");
  std::string deep = "var/log/app";
  for (int i = 0; i < 41; i++) deep += "/self";
  EXPECT_EQ("app line\n", InRoot("var/log/app/self/self/a.log"));
  EXPECT_EQ(Refused(root_ + "/" + deep + "/a.log"), InRoot(deep + "/a.log"));
  // The kernel's limit: 40 links in one walk are followed, 41 are not.
  std::string prev = "a.log";
  for (int i = 1; i <= 41; i++) {
    Link(prev, root_ + "/var/log/app/c" + std::to_string(i));
    prev = "c" + std::to_string(i);
  }
  EXPECT_EQ("app line\n", InRoot("var/log/app/c40"));
  EXPECT_EQ(Refused(root_ + "/var/log/app/c41"), InRoot("var/log/app/c41"));
}

TEST_P(ConfinedOpenTest, BeneathAnUpperDirNoLinkMayLeaveIt) {
  EXPECT_EQ("upper line\n", InUpper("var/log/real/a.log"));
  Link("../real/a.log", upper_ + "/var/log/real/b.log");
  Link("real", upper_ + "/var/log/same");
  EXPECT_EQ("upper line\n", InUpper("var/log/real/b.log"));
  EXPECT_EQ("upper line\n", InUpper("var/log/same/a.log"));
  Link(dir_ + "/host", upper_ + "/var/log/abs");
  Link("../../../../host", upper_ + "/var/log/rel");
  Link("/var/log/real/a.log", upper_ + "/var/log/abs.log");  // absolute: even pointing inside
  EXPECT_EQ(Refused(upper_ + "/var/log/abs/secret"), InUpper("var/log/abs/secret"));
  EXPECT_EQ(Refused(upper_ + "/var/log/rel/secret"), InUpper("var/log/rel/secret"));
  EXPECT_EQ(Refused(upper_ + "/var/log/abs.log"), InUpper("var/log/abs.log"));
  EXPECT_EQ(Refused(upper_ + "/var/log/../../../host/secret"), InUpper("var/log/../../../host/secret"));
}

TEST_P(ConfinedOpenTest, WhatIsNotARegularFileIsNotOpened) {
  ASSERT_EQ(0, mkfifo((root_ + "/var/log/app/fifo.log").c_str(), 0600));
  EXPECT_EQ("error: " + root_ + "/var/log/app/fifo.log: not a regular file", InRoot("var/log/app/fifo.log"));
  EXPECT_EQ("error: " + root_ + "/var/log/app: not a regular file", InRoot("var/log/app"));
  EXPECT_EQ("error: " + root_ + "/var/log/app/a.log/x: Not a directory", InRoot("var/log/app/a.log/x"));
}

INSTANTIATE_TEST_SUITE_P(BothWays, ConfinedOpenTest, ::testing::Values(false, true),
                         [](const ::testing::TestParamInfo<bool>& p) {
                           return std::string(p.param ? "Walk" : "Openat2");
                         });

// A kernel without openat2, made real for one child process: a seccomp
// filter answers ENOSYS to openat2, as a kernel before 5.6 does.  Open must
// then take the walk by itself (no variable set) and still refuse escapes.
TEST(ConfinedOpenFallbackTest, ChosenWhenTheKernelHasNoOpenat2) {
  char d[] = "/tmp/lc-fs-XXXXXX";
  ASSERT_NE(nullptr, mkdtemp(d));
  std::string dir = d, root = dir + "/root";
  ASSERT_EQ(0, system(("mkdir -p " + root + "/log && echo in >" + root + "/log/a.log && echo host >" +
                       dir + "/secret").c_str()));
  ASSERT_EQ(0, symlink("../../secret", (root + "/log/rel.log").c_str()));
  unsetenv("LCTK_NO_OPENAT2");
  pid_t pid = fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    struct sock_filter filter[] = {
        BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
        BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_openat2, 0, 1),
        BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | ENOSYS),
        BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
    };
    struct sock_fprog prog = {static_cast<unsigned short>(sizeof filter / sizeof filter[0]), filter};
    if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0) _exit(10);
    if (syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &prog) != 0) _exit(11);
    int base = open(root.c_str(), O_PATH | O_DIRECTORY);
    if (syscall(SYS_openat2, base, "log/a.log", nullptr, 0) != -1 || errno != ENOSYS) _exit(12);
    std::unique_ptr<File> f;
    if (!RealFileSystem()->Open(root + "/log/a.log", root, "", &f).ok()) _exit(13);
    Status s = RealFileSystem()->Open(root + "/log/rel.log", root, "", &f);
    if (!s.IsNotFound()) _exit(14);  // "../../secret" in the root is /secret: not there
    s = RealFileSystem()->Open(root + "/log/rel.log", "", "", &f);
    if (!s.ok()) _exit(15);  // the host's own open (no root) is not confined
    _exit(0);
  }
  int status = 0;
  ASSERT_EQ(pid, waitpid(pid, &status, 0));
  system(("rm -rf " + dir).c_str());
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(0, WEXITSTATUS(status));
}

}  // namespace
}  // namespace lc

namespace lc {
namespace {

// Reading a followed log must not write its inode: under relatime, a read
// after each append updates atime.  Opened with O_NOATIME (we own the file
// here; as neither owner nor CAP_FOWNER the open falls back, see Open).
TEST(RealFileSystemTest, ReadingAFileLeavesItsAtimeAlone) {
  char d[] = "/tmp/lc-atime-XXXXXX";
  ASSERT_NE(nullptr, mkdtemp(d));
  std::string path = std::string(d) + "/app.log";
  ASSERT_TRUE(WriteFileAtomically(path, "a line\n").ok());
  struct timespec times[2] = {{1000000000, 0}, {UTIME_NOW, UTIME_NOW}};  // atime long before mtime
  ASSERT_EQ(0, utimensat(AT_FDCWD, path.c_str(), times, 0));
  for (const std::string& root : {std::string(), std::string(d)}) {
    std::unique_ptr<File> f;
    ASSERT_TRUE(RealFileSystem()->Open(path, root, "", &f).ok()) << root;
    char buf[16];
    size_t got = 0;
    ASSERT_TRUE(f->ReadAt(0, buf, sizeof buf, &got).ok());
    EXPECT_EQ(7u, got);
    struct stat st;
    ASSERT_EQ(0, stat(path.c_str(), &st));
    EXPECT_EQ(1000000000, st.st_atim.tv_sec) << "root '" << root << "'";
  }
  system((std::string("rm -rf ") + d).c_str());
}

}  // namespace
}  // namespace lc

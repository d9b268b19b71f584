namespace Brick.Engine.Programs;

/// <summary>The host programs the worker may start. Tests and the simulated host point them elsewhere.</summary>
/// <param name="Multipathd">multipath-tools' daemon client, called as <c>multipathd resize map /dev/dm-N</c>.</param>
/// <param name="Cryptsetup">Called as <c>cryptsetup resize NAME</c>.</param>
/// <param name="Losetup">Called as <c>losetup --set-capacity /dev/loopN</c>.</param>
public sealed record ProgramPaths(
    string Multipathd = "/usr/sbin/multipathd",
    string Cryptsetup = "/usr/sbin/cryptsetup",
    string Losetup = "/usr/sbin/losetup");

namespace Brick.Engine.Tests.Support;

/// <summary>Writes small executable bash scripts that stand in for host programs in tests.</summary>
internal static class Scripts
{
    public static string Write(DirectoryInfo dir, string name, string body)
    {
        var path = Path.Combine(dir.FullName, name);
        File.WriteAllText(path, "#!/bin/bash\n" + body + "\n");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return path;
    }
}

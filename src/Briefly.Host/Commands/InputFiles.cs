using System.Globalization;
using Briefly.Core.Briefs;

namespace Briefly.Host.Commands;

/// <summary>
/// The files `ingest` reads from the paths it is given: files as named, folders walked in name order. Whatever cannot be
/// walked or read (a folder without permission, a symbolic link that loops) is named in the tally with the rule, and
/// the walk goes on with the rest.
/// </summary>
internal static class InputFiles
{
    /// <summary>The files under <paramref name="folder"/> that <paramref name="wanted"/> takes, each real folder walked once.</summary>
    public static List<string> Walk(string folder, Func<string, bool> wanted, IngestTally tally)
    {
        var files = new List<string>();
        Walk(new DirectoryInfo(folder), wanted, files, new HashSet<string>(StringComparer.Ordinal), [], tally);
        return files;
    }

    private static void Walk(DirectoryInfo folder, Func<string, bool> wanted, List<string> files, HashSet<string> walked,
        List<string> above, IngestTally tally)
    {
        string real;
        try
        {
            real = folder.LinkTarget is null ? folder.FullName : folder.ResolveLinkTarget(returnFinalTarget: true)!.FullName;
        }
        catch (IOException)
        {
            // ELOOP: the link leads to itself, or through other links back to itself.
            tally.Fail($"{Place(folder.FullName)}: a symbolic link loop; skipped");
            return;
        }
        if (above.Contains(real))
        {
            tally.Fail($"{Place(folder.FullName)}: a symbolic link back to {Place(real)}, a loop; skipped");
            return;
        }
        // A folder reached again through another link is read once.
        if (!walked.Add(real)) return;

        List<FileSystemInfo> entries;
        try
        {
            entries = [.. folder.EnumerateFileSystemInfos().OrderBy(e => e.Name, StringComparer.Ordinal)];
        }
        catch (Exception e) when (e is UnauthorizedAccessException or IOException)
        {
            tally.Fail($"{Place(folder.FullName)}: {ReadProblem(e)}; skipped");
            return;
        }
        above.Add(real);
        foreach (var entry in entries)
        {
            if (entry is DirectoryInfo subfolder) Walk(subfolder, wanted, files, walked, above, tally);
            else if (IsLoop(entry)) tally.Fail($"{Place(entry.FullName)}: a symbolic link loop; skipped");
            else if (wanted(entry.FullName)) files.Add(entry.FullName);
        }
        above.RemoveAt(above.Count - 1);
    }

    /// <summary>A link that leads back to itself is listed as a file, its target never found.</summary>
    private static bool IsLoop(FileSystemInfo entry)
    {
        if (entry.LinkTarget is null) return false;
        try
        {
            entry.ResolveLinkTarget(returnFinalTarget: true);
            return false;
        }
        catch (IOException)
        {
            return true;
        }
    }

    /// <summary>
    /// Reads a whole file of at most <paramref name="maxBytes"/>, or says why not. Only regular files with content are
    /// read: a device (<c>/dev/zero</c>), a pipe or a socket reports a size of 0 and might never end or never start, so
    /// nothing of size 0 is opened, and a file that gives more bytes than its size said is refused as it is read.
    /// </summary>
    public static async Task<(byte[]? Bytes, BriefError? Problem)> ReadAsync(string file, int maxBytes, CancellationToken cancellationToken)
    {
        try
        {
            var length = new FileInfo(file).Length;
            if (length == 0) return (null, new BriefError(null, null, "empty: 0 bytes (an empty file, or not a regular file: a device or a pipe); nothing read"));
            if (BriefInput.CheckSize(length, maxBytes) is { } tooLarge) return (null, tooLarge);
            await using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, FileOptions.Asynchronous);
            var bytes = new byte[length];
            var read = 0;
            while (read < length && await stream.ReadAsync(bytes.AsMemory(read), cancellationToken) is > 0 and var n) read += n;
            var more = new byte[1];
            if (read < length || await stream.ReadAsync(more, cancellationToken) > 0)
                return (null, new BriefError(null, null, string.Create(CultureInfo.InvariantCulture, $"changed while it was read (its size was {length:N0} bytes): not a regular file, or being written")));
            return (bytes, null);
        }
        catch (Exception e) when (e is UnauthorizedAccessException or IOException)
        {
            return (null, new BriefError(null, null, $"{ReadProblem(e)}; skipped"));
        }
    }

    public static string ReadProblem(Exception e) => e switch
    {
        UnauthorizedAccessException => "cannot be read: permission denied",
        FileNotFoundException or DirectoryNotFoundException => "cannot be read: it no longer exists (or is a broken link)",
        _ => $"cannot be read: {e.Message}",
    };

    /// <summary>The path as the person would write it: relative to where the command runs when it is under it, else whole.</summary>
    public static string Place(string path)
    {
        var relative = Path.GetRelativePath(Environment.CurrentDirectory, path);
        return relative.StartsWith("..", StringComparison.Ordinal) ? Path.GetFullPath(path) : relative;
    }
}

using System.Globalization;

namespace Briefly.Load;

/// <summary>
/// Holds one process to a share of the machine's processors with a Linux control group of its own (cgroup v2's cpu.max,
/// or v1's CFS quota), as if it ran on a smaller machine of its own: on a machine of two cores the hosts otherwise share
/// them with the database and the fake platforms, and a second host can only take from the first.
/// </summary>
internal sealed class CpuQuota : IDisposable
{
    private const string Root = "/sys/fs/cgroup";
    private const int PeriodMicroseconds = 100_000;
    private readonly string _group;

    private CpuQuota(string group) => _group = group;

    /// <summary>Moves the process, with all its threads, into a new group allowed <paramref name="cores"/> processors' time.</summary>
    public static CpuQuota Apply(int pid, double cores)
    {
        var quota = ((int)(cores * PeriodMicroseconds)).ToString(CultureInfo.InvariantCulture);
        var period = PeriodMicroseconds.ToString(CultureInfo.InvariantCulture);
        var v2 = File.Exists(Path.Combine(Root, "cgroup.controllers"));
        var group = v2 ? Path.Combine(Root, $"briefly-load-{pid}") : Path.Combine(Root, "cpu", $"briefly-load-{pid}");
        var made = false;
        try
        {
            Directory.CreateDirectory(group);
            made = true;
            if (v2)
            {
                File.WriteAllText(Path.Combine(group, "cpu.max"), $"{quota} {period}");
            }
            else
            {
                File.WriteAllText(Path.Combine(group, "cpu.cfs_period_us"), period);
                File.WriteAllText(Path.Combine(group, "cpu.cfs_quota_us"), quota);
            }
            File.WriteAllText(Path.Combine(group, "cgroup.procs"), pid.ToString(CultureInfo.InvariantCulture));
            return new CpuQuota(group);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            if (made) new CpuQuota(group).Dispose();
            throw new InvalidOperationException(
                $"--host-cpu needs a writable cgroup file system at {group} (root, or a delegated group): {e.Message}", e);
        }
    }

    /// <summary>Removes the group once its process has ended; a group with a process still in it cannot be removed.</summary>
    public void Dispose()
    {
        try
        {
            Directory.Delete(_group);
        }
        catch (IOException)
        {
            // Still busy: left for the machine to clean; it holds nothing but the quota.
        }
    }
}

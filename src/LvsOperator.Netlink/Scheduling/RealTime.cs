using System.Runtime.InteropServices;
using static Tmds.Linux.LibC;

namespace LvsOperator.Netlink.Scheduling;

/// <summary>
/// What keepalived does for its VRRP process, for one thread and for the process: real-time scheduling
/// (<c>vrrp_rt_priority</c>: <c>sched_setscheduler(SCHED_RR)</c>) and locked memory (<c>vrrp_no_swap</c>:
/// <c>mlockall(MCL_CURRENT | MCL_FUTURE)</c>). Each returns 0 or the errno, so the caller decides how loud a
/// refusal is (EPERM without CAP_SYS_NICE / CAP_IPC_LOCK or an RLIMIT for them). Here because this assembly is the
/// one place that calls libc.
/// </summary>
public static partial class RealTime
{
    /// <summary><c>SCHED_RR</c> (include/uapi/linux/sched.h): round robin among real-time threads of one priority.</summary>
    private const int SCHED_RR = 2;

    /// <summary><c>MCL_CURRENT</c> (include/uapi/asm-generic/mman-common.h).</summary>
    private const int MCL_CURRENT = 1;

    /// <summary><c>MCL_FUTURE</c>: mappings made later are locked as they are made.</summary>
    private const int MCL_FUTURE = 2;

    /// <summary>The lowest and highest <c>sched_priority</c> of SCHED_RR (<c>sched_get_priority_min/max</c> on Linux).</summary>
    public const int MinPriority = 1;

    /// <inheritdoc cref="MinPriority"/>
    public const int MaxPriority = 99;

    /// <summary>
    /// The calling thread (pid 0 is the calling thread for <c>sched_setscheduler</c> on Linux, not the process)
    /// to SCHED_RR at <paramref name="priority"/>: it runs before every SCHED_OTHER thread of the node when it wakes.
    /// </summary>
    public static int TrySetCurrentThread(int priority)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(priority, MinPriority);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(priority, MaxPriority);
        var param = priority; // struct sched_param { int sched_priority; }
        return sched_setscheduler(0, SCHED_RR, ref param) == 0 ? 0 : Marshal.GetLastPInvokeError();
    }

    /// <summary>Every page of the process, now and later, kept in memory: no page fault can stall it.</summary>
    public static int TryLockMemory() => mlockall(MCL_CURRENT | MCL_FUTURE) == 0 ? 0 : errno;

    /// <summary><c>PRIO_PROCESS</c> (include/uapi/linux/resource.h): on Linux, <c>who</c> names one thread.</summary>
    private const int PRIO_PROCESS = 0;

    /// <summary>The nice values <c>setpriority</c> takes.</summary>
    public const int MinNice = -20;

    /// <inheritdoc cref="MinNice"/>
    public const int MaxNice = 19;

    /// <summary>
    /// Every thread of the process to <paramref name="nice"/> (keepalived's <c>vrrp_priority</c>): Linux keeps a nice
    /// value per thread, so each task in <c>/proc/self/task</c> is set, and threads started later inherit it from the
    /// thread that starts them. Returns 0 or the first errno (EACCES/EPERM without CAP_SYS_NICE).
    /// </summary>
    public static int TrySetProcessNice(int nice)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(nice, MinNice);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(nice, MaxNice);
        var first = 0;
        foreach (var task in Directory.EnumerateDirectories("/proc/self/task"))
        {
            if (!int.TryParse(Path.GetFileName(task), out var tid)) continue;
            if (setpriority(PRIO_PROCESS, tid, nice) != 0 && first == 0) first = Marshal.GetLastPInvokeError();
        }

        return first;
    }

    /// <summary>The errno's name and text, for a log line.</summary>
    public static string Describe(int error) => Marshal.GetPInvokeErrorMessage(error);

    [LibraryImport("libc.so.6", EntryPoint = "setpriority", SetLastError = true)]
    private static partial int setpriority(int which, int who, int prio);

    [LibraryImport("libc.so.6", EntryPoint = "sched_setscheduler", SetLastError = true)]
    private static partial int sched_setscheduler(int pid, int policy, ref int param);
}

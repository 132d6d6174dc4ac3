using System.Net.Sockets;
using LvsOperator.Core.Kernel;
using LvsOperator.Core.Resources;

namespace LvsOperator.Core.Compilation;

/// <summary>Maps a VirtualService's scheduler and persistence onto the kernel's service settings.</summary>
internal static class ServiceSettings
{
    public static IpvsService For(ServiceKey key, VirtualServiceSpec spec)
    {
        var scheduler = spec.Scheduler ?? new Scheduler();
        var flags = (scheduler.Flags ?? []).Aggregate(ServiceFlags.None, (all, option) => all | Flag(option));
        var hostPrefix = Endpoints.HostPrefix(key.Family);
        if (spec.Persistence is not { } persistence) return new IpvsService(key, scheduler.Name, flags, 0, hostPrefix);

        return new IpvsService(
            key, scheduler.Name, flags | ServiceFlags.Persistent, (uint)persistence.TimeoutSeconds,
            persistence.PrefixLength ?? hostPrefix, persistence.Engine);
    }

    /// <summary>ip_vs.h: IP_VS_SVC_F_SCHED_SH_FALLBACK = SCHED1, SH_PORT = SCHED2; the same bits for mh.</summary>
    private static ServiceFlags Flag(SchedulerOption option) => option switch
    {
        SchedulerOption.ShFallback or SchedulerOption.MhFallback => ServiceFlags.Sched1,
        SchedulerOption.ShPort or SchedulerOption.MhPort => ServiceFlags.Sched2,
        SchedulerOption.OnePacket => ServiceFlags.OnePacket,
        _ => throw new ArgumentOutOfRangeException(nameof(option), option, null),
    };
}

using System.Text.Json.Serialization;

namespace LvsOperator.Core.Resources;

/// <summary>Scheduler flags (ipvsadm -b, -o); the kernel reuses three bits with a meaning per scheduler (ip_vs.h IP_VS_SVC_F_SCHED1..3).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<SchedulerOption>))]
public enum SchedulerOption
{
    [JsonStringEnumMemberName("sh-fallback")] ShFallback,
    [JsonStringEnumMemberName("sh-port")] ShPort,
    [JsonStringEnumMemberName("mh-fallback")] MhFallback,
    [JsonStringEnumMemberName("mh-port")] MhPort,
    /// <summary>One-packet scheduling (ipvsadm <c>-o</c>): every UDP datagram is scheduled on its own.</summary>
    [JsonStringEnumMemberName("one-packet")] OnePacket,
}

using System.Text.Json;
using LvsOperator.Core.Resources;

namespace LvsOperator.Core.Tests.Control;

/// <summary>Issue 14: every condition's lastTransitionTime is metav1.Time on the wire (<c>2026-12-06T09:00:00Z</c>).</summary>
public sealed class MetaTimeTests
{
    private static readonly DateTimeOffset Instant = new DateTimeOffset(2026, 12, 6, 10, 0, 0, TimeSpan.FromHours(1)).AddTicks(1_234_567);

    [Theory]
    [InlineData("2026-12-06T09:00:00Z", "2026-12-06T09:00:00Z")]
    [InlineData("2026-12-06T09:00:00.1234567+00:00", "2026-12-06T09:00:00Z")] // an older agent's round-trip format
    [InlineData("2026-12-06T10:00:00.5+01:00", "2026-12-06T09:00:00Z")]
    [InlineData("2026-12-06T09:00:00", "2026-12-06T09:00:00Z")]
    public void Times_are_read_in_any_RFC3339_spelling_and_written_in_UTC_seconds(string read, string written) =>
        Assert.Equal(written, MetaTime.ToWire(MetaTime.Parse(read)));

    [Fact]
    public void Every_status_with_conditions_writes_them_in_metav1_Time()
    {
        var condition = new Condition { Type = "Ready", Status = ConditionStatus.True, LastTransitionTime = Instant, Reason = "Ok" };
        var json = new[]
        {
            JsonSerializer.Serialize(new NodeSliceStatus { Conditions = [condition] }, ResourceJsonContext.Default.NodeSliceStatus),
            JsonSerializer.Serialize(new VirtualServiceStatus { Conditions = [condition] }, ResourceJsonContext.Default.VirtualServiceStatus),
            JsonSerializer.Serialize(new RealServerStatus { Conditions = [condition] }, ResourceJsonContext.Default.RealServerStatus),
            JsonSerializer.Serialize(new AddressPoolStatus { Conditions = [condition] }, ResourceJsonContext.Default.AddressPoolStatus),
            JsonSerializer.Serialize(condition, ResourceJsonContext.Default.Condition),
        };

        Assert.All(json, j => Assert.Contains("\"lastTransitionTime\":\"2026-12-06T09:00:00Z\"", j, StringComparison.Ordinal));
        var back = JsonSerializer.Deserialize(json[^1], ResourceJsonContext.Default.Condition)!;
        Assert.Equal(MetaTime.Of(Instant), back.LastTransitionTime);
    }

    [Fact]
    public void Failover_and_BGP_since_times_are_metav1_Time_in_memory_and_on_the_wire()
    {
        var status = new NodeSliceStatus
        {
            Failover = [new FailoverRouterStatus { VirtualRouterId = 51, State = FailoverRouterState.Master, Since = Instant }],
            Bgp = [new BgpSessionStatus { Peer = "198.18.0.1", Established = true, Since = Instant }, new BgpSessionStatus { Peer = "198.18.0.5" }],
        };

        var json = JsonSerializer.Serialize(status, ResourceJsonContext.Default.NodeSliceStatus);
        var back = JsonSerializer.Deserialize(json, ResourceJsonContext.Default.NodeSliceStatus)!;

        Assert.Equal(2, json.Split("\"since\":\"2026-12-06T09:00:00Z\"").Length - 1);
        Assert.Null(back.Bgp![1].Since);
        Assert.True(status.SameAs(back)); // a status read back from the API server is the one the agent holds: no rewrite
    }

    [Fact]
    public void A_condition_moves_its_transition_time_to_whole_seconds_only_when_its_status_moves()
    {
        var set = Condition.Next(null, "Ready", ConditionStatus.False, "Waiting", "", 1, Instant);
        Assert.Equal(new DateTimeOffset(2026, 12, 6, 9, 0, 0, TimeSpan.Zero), set.LastTransitionTime);

        var kept = Condition.Next(set, "Ready", ConditionStatus.False, "StillWaiting", "why", 2, Instant.AddMinutes(5));
        var moved = Condition.Next(kept, "Ready", ConditionStatus.True, "Ok", "", 2, Instant.AddMinutes(7));

        Assert.Equal(set.LastTransitionTime, kept.LastTransitionTime);
        Assert.Equal(new DateTimeOffset(2026, 12, 6, 9, 7, 0, TimeSpan.Zero), moved.LastTransitionTime);
        Assert.True(kept.SameAs(kept with { LastTransitionTime = Instant }));
        Assert.False(kept.SameAs(kept with { Message = "other" }));
    }
}

using System.Collections.Immutable;
using System.Net;
using LvsOperator.Core.Kernel;
using LvsOperator.Core.Resources;

namespace LvsOperator.Health.Tests;

public sealed class HealthOverlayTests
{
    private static readonly ServiceKey Web = new VirtualAddressKey(Protocol.Tcp, IPAddress.Parse("192.0.2.1"), 80);
    private static readonly IpvsDestination A = Destination("198.18.0.1", 3);
    private static readonly IpvsDestination B = Destination("198.18.0.2", 1);
    private static readonly IpvsDestination Sorry = Destination("198.18.0.99", 1);

    [Fact]
    public void Healthy_and_unchecked_servers_keep_their_desired_weights()
    {
        var desired = Desired(A, B);

        var result = HealthOverlay.Apply(desired, new HealthPolicy(), View([(A, HealthState.Up)]));

        Assert.Equal(desired.Destinations, result.Destinations);
    }

    [Fact]
    public void A_down_server_is_inhibited_to_weight_0_by_default()
    {
        var result = HealthOverlay.Apply(Desired(A, B), new HealthPolicy(), View([(A, HealthState.Down), (B, HealthState.Up)]));

        Assert.Equal([A with { Weight = 0 }, B], result.Destinations.Values);
    }

    [Fact]
    public void A_down_server_is_left_out_when_the_policy_removes()
    {
        var result = HealthOverlay.Apply(Desired(A, B), new HealthPolicy(HealthCheckFailureAction.Remove), View([(A, HealthState.Down)]));

        Assert.Equal([B], result.Destinations.Values);
    }

    [Theory]
    [InlineData(HealthCheckFailureAction.Inhibit)]
    [InlineData(HealthCheckFailureAction.Remove)]
    public void With_the_quorum_lost_the_sorry_server_serves_alone(HealthCheckFailureAction onFailure)
    {
        var policy = new HealthPolicy(onFailure, Sorry, MinimumHealthyWeight: 4);

        var result = HealthOverlay.Apply(Desired(A, B), policy, View([(A, HealthState.Down)], quorum: false));

        var servers = onFailure == HealthCheckFailureAction.Inhibit ? new[] { A with { Weight = 0 }, B with { Weight = 0 }, Sorry } : [Sorry];
        Assert.Equal(servers, result.Destinations.Values);
    }

    [Fact]
    public void The_sorry_server_stays_out_while_the_quorum_holds()
    {
        var result = HealthOverlay.Apply(Desired(A, B), new HealthPolicy(SorryServer: Sorry), View([(A, HealthState.Down)]));

        Assert.DoesNotContain(Sorry.Key, result.Destinations.Keys);
    }

    [Fact]
    public void A_lost_quorum_without_a_sorry_server_leaves_the_table_to_the_servers_own_states()
    {
        var result = HealthOverlay.Apply(Desired(A, B), new HealthPolicy(MinimumHealthyWeight: 4), View([(A, HealthState.Down)], quorum: false));

        Assert.Equal([A with { Weight = 0 }, B], result.Destinations.Values);
    }

    [Theory]
    [InlineData(HealthCheckFailureAction.Inhibit)]
    [InlineData(HealthCheckFailureAction.Remove)]
    public void In_panic_mode_every_server_keeps_its_desired_weight(HealthCheckFailureAction onFailure)
    {
        var desired = Desired(A, B);

        var result = HealthOverlay.Apply(desired, new HealthPolicy(onFailure, PanicThreshold: 50),
            View([(A, HealthState.Down), (B, HealthState.Down)], quorum: false, panic: true));

        Assert.Same(desired, result);
    }

    [Fact]
    public void A_serving_sorry_server_takes_precedence_over_panic_mode()
    {
        var policy = new HealthPolicy(SorryServer: Sorry, PanicThreshold: 50);

        var result = HealthOverlay.Apply(Desired(A, B), policy, View([(A, HealthState.Down), (B, HealthState.Down)], quorum: false, panic: true));

        Assert.Equal([A with { Weight = 0 }, B with { Weight = 0 }, Sorry], result.Destinations.Values);
    }

    [Fact]
    public void With_a_sorry_server_configured_but_the_quorum_held_panic_mode_applies()
    {
        var desired = Desired(A, B);

        var result = HealthOverlay.Apply(desired, new HealthPolicy(SorryServer: Sorry, PanicThreshold: 90), View([(A, HealthState.Down)], panic: true));

        Assert.Same(desired, result);
    }

    [Fact]
    public void The_service_itself_is_untouched()
    {
        var desired = Desired(A);

        Assert.Same(desired.Service, HealthOverlay.Apply(desired, new HealthPolicy(), View([(A, HealthState.Down)])).Service);
    }

    private static IpvsDestination Destination(string address, int weight) =>
        new(new DestinationKey(IPAddress.Parse(address), 80), ForwardingMethod.DirectRouting, weight);

    private static DesiredService Desired(params IpvsDestination[] destinations) =>
        new(new IpvsService(Web, "wlc"), destinations.ToImmutableSortedDictionary(d => d.Key, d => d));

    private static HealthSnapshot View(
        IEnumerable<(IpvsDestination Destination, HealthState State)> states, bool quorum = true, bool panic = false) =>
        new(states.ToImmutableDictionary(s => new HealthTargetKey(Web, s.Destination.Key), s => s.State),
            ImmutableDictionary<ServiceKey, bool>.Empty.Add(Web, quorum),
            panic ? [Web] : []);
}

using System.Globalization;
using System.Net.Sockets;
using LvsOperator.Vrrp.Election;
using Prometheus;

namespace LvsOperator.Agent.Failover;

/// <summary>Which node is active for each virtual router, as metrics (issue 7: a state gauge and a transitions counter).</summary>
internal static class FailoverMetrics
{
    private static readonly Gauge State = Metrics.CreateGauge(
        "lvsoperator_failover_state", "VRRP state of each virtual router on this node: 0 initialize, 1 backup, 2 master.", "vrid", "family");

    private static readonly Counter Transitions = Metrics.CreateCounter(
        "lvsoperator_failover_transitions_total", "VRRP state changes, by the state entered.", "vrid", "family", "to");

    public static void Transition(byte virtualRouterId, AddressFamily family, VrrpState to)
    {
        var vrid = virtualRouterId.ToString(CultureInfo.InvariantCulture);
        var ipFamily = family == AddressFamily.InterNetworkV6 ? "IPv6" : "IPv4";
        State.WithLabels(vrid, ipFamily).Set((int)to);
        Transitions.WithLabels(vrid, ipFamily, to.ToString()).Inc();
    }
}

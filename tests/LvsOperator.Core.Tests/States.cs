using System.Collections.Immutable;
using System.Net;
using LvsOperator.Core.Kernel;
using LvsOperator.Core.Resources;

namespace LvsOperator.Core.Tests;

/// <summary>Short builders for kernel states in tests.</summary>
internal static class States
{
    public static readonly DateTimeOffset T0 = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

    public static VirtualAddressKey Tcp(string vip, ushort port) => new(Protocol.Tcp, IPAddress.Parse(vip), port);

    public static IpvsDestination Dest(string address, ushort port, int weight = 1, ForwardingMethod method = ForwardingMethod.DirectRouting) =>
        new(new DestinationKey(IPAddress.Parse(address), port), method, weight);

    public static DesiredService Service(ServiceKey key, string scheduler, params IpvsDestination[] destinations) =>
        new(new IpvsService(key, scheduler, PersistencePrefixLength: Endpoints.HostPrefix(key.Family)),
            destinations.ToImmutableSortedDictionary(d => d.Key, d => d));

    public static NodeDesiredState Desired(params DesiredService[] services) => NodeDesiredState.Empty with
    {
        Services = services.ToImmutableSortedDictionary(s => s.Service.Key, s => s),
    };

    public static InterfaceAddress Vip(string address, string link = "lvs0") => new(link, IPAddress.Parse(address));

    /// <summary>The kernel after the planner set these services up: destinations added by ascending key, so listed newest first.</summary>
    public static ObservedState Observed(params DesiredService[] services) => ObservedState.Empty with
    {
        Services = services.ToImmutableDictionary(s => s.Service.Key, s => KernelService(s.Service, [.. s.Destinations.Values.Reverse()])),
    };

    /// <summary>A kernel service whose list holds <paramref name="listed"/> in that order, as a dump walks it (the newest first).</summary>
    public static ObservedService KernelService(IpvsService service, params IpvsDestination[] listed) =>
        new(service, listed.ToImmutableDictionary(d => d.Key, d => new ObservedDestination(d))) { Order = [.. listed.Select(d => d.Key)] };

    public static ObservedState WithConnections(this ObservedState state, ServiceKey key, IpvsDestination destination, uint active, uint inactive = 0)
    {
        var service = state.Services[key];
        var updated = service.Destinations.SetItem(destination.Key, service.Destinations[destination.Key] with { ActiveConnections = active, InactiveConnections = inactive });
        return state with { Services = state.Services.SetItem(key, service with { Destinations = updated }) };
    }
}

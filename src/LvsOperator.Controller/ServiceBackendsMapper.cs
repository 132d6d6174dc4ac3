using LvsOperator.Core.Compilation;
using LvsOperator.Kubernetes.Models;

namespace LvsOperator.Controller;

/// <summary>
/// A Service and its endpoints as the compiler reads them. EndpointSlices are the source; a Service that has
/// none (a cluster whose users still write core/v1 Endpoints by hand) falls back to its Endpoints object.
/// </summary>
public static class ServiceBackendsMapper
{
    public static ServiceBackends Map(Service service, IReadOnlyCollection<EndpointSlice> slices, Endpoints? endpoints)
    {
        var ports = (service.Spec.Ports ?? []).Select(p => new ServicePortInfo(p.Name ?? "", p.Port, p.Protocol)).ToList();
        var found = slices.Count > 0 ? FromSlices(slices) : endpoints is null ? [] : FromEndpoints(endpoints);
        return new ServiceBackends(service.Metadata.Namespace ?? "", service.Metadata.Name, ports, found);
    }

    /// <summary>
    /// EndpointSlice conditions as discovery.k8s.io/v1 defines them: an unset ready means ready, an unset
    /// serving means what ready says, an unset terminating means not terminating.
    /// </summary>
    private static List<EndpointInfo> FromSlices(IEnumerable<EndpointSlice> slices) =>
        slices.Where(s => s.AddressType is "IPv4" or "IPv6")
            .SelectMany(slice =>
            {
                var ports = Ports(slice.Ports);
                return (slice.Endpoints ?? []).SelectMany(endpoint =>
                {
                    var ready = endpoint.Conditions?.Ready ?? true;
                    var serving = endpoint.Conditions?.Serving ?? ready;
                    var terminating = endpoint.Conditions?.Terminating ?? false;
                    return endpoint.Addresses.Select(address => new EndpointInfo(address, ports, ready, serving, terminating, endpoint.NodeName));
                });
            }).ToList();

    private static List<EndpointInfo> FromEndpoints(Endpoints endpoints) =>
        (endpoints.Subsets ?? []).SelectMany(subset =>
        {
            var ports = Ports(subset.Ports);
            return (subset.Addresses ?? []).Select(a => new EndpointInfo(a.Ip, ports, Ready: true, Serving: true, Terminating: false, a.NodeName))
                .Concat((subset.NotReadyAddresses ?? []).Select(a => new EndpointInfo(a.Ip, ports, Ready: false, Serving: false, Terminating: false, a.NodeName)));
        }).ToList();

    private static Dictionary<string, int> Ports(IReadOnlyList<EndpointPort>? ports) =>
        (ports ?? []).Where(p => p.Port is not null).GroupBy(p => p.Name ?? "").ToDictionary(g => g.Key, g => g.First().Port!.Value, StringComparer.Ordinal);
}

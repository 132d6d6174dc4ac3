using System.Net;
using System.Net.Sockets;
using LvsOperator.Core.Resources;
using LvsOperator.Core.Validation;

namespace LvsOperator.Core.Compilation;

/// <summary>Gathers a VirtualService's real servers from its three sources, and reports those that cannot serve it.</summary>
internal sealed class CandidateResolver(
    Func<string, IEnumerable<RealServer>> realServersIn, Func<string, string, ServiceBackends?> serviceOf, IReadOnlySet<ResourceRef> invalidRealServers)
{
    /// <summary>Over a whole snapshot, indexed once: a lookup per VirtualService would make a cluster of N Service-backed ones cost N².</summary>
    public static CandidateResolver For(ClusterSnapshot snapshot, IReadOnlySet<ResourceRef> invalidRealServers)
    {
        var realServers = snapshot.RealServers.ToLookup(rs => rs.Metadata.Namespace ?? "");
        var services = snapshot.Services.DistinctBy(s => (s.Namespace, s.Name)).ToDictionary(s => (s.Namespace, s.Name));
        return new CandidateResolver(ns => realServers[ns], (ns, name) => services.GetValueOrDefault((ns, name)), invalidRealServers);
    }

    public List<Candidate> Resolve(VirtualService vs, List<Finding> findings, List<Problem> problems)
    {
        var self = ResourceRef.Of(vs);
        var spec = vs.Spec;
        var method = spec.Forwarding ?? new Forwarding();
        var candidates = new List<Candidate>();

        var statics = spec.RealServers?.Static ?? [];
        for (var i = 0; i < statics.Count; i++)
            candidates.Add(FromSpec(statics[i], method, self, $"spec.realServers.static[{i}]"));

        if (spec.RealServers?.Selector is { } selector)
        {
            candidates.AddRange(realServersIn(vs.Metadata.Namespace ?? "")
                .Where(rs => selector.Matches(rs.Metadata.Labels))
                .Where(rs => !invalidRealServers.Contains(ResourceRef.Of(rs)))
                .OrderBy(rs => rs.Metadata.Name, StringComparer.Ordinal)
                .Select(rs => FromSpec(rs.Spec, method, ResourceRef.Of(rs), "spec")));
        }

        if (spec.RealServers?.Service is { } service) candidates.AddRange(FromService(vs, service, method, problems));

        return Usable(vs, candidates, findings);
    }

    private static Candidate FromSpec(RealServerSpec rs, Forwarding serviceForwarding, ResourceRef origin, string field) => new(
        IPAddress.Parse(rs.Address), rs.Port, rs.Weight, rs.Forwarding ?? serviceForwarding,
        (uint)rs.UpperThreshold, (uint)rs.LowerThreshold, rs.NodeName, origin, field, Health: rs.HealthCheck);

    private IEnumerable<Candidate> FromService(VirtualService vs, ServiceReference reference, Forwarding forwarding, List<Problem> problems)
    {
        if (serviceOf(vs.Metadata.Namespace ?? "", reference.Name) is not { } backends)
        {
            problems.Add(new Problem(Problem.ServiceNotFound, $"Service {vs.Metadata.Namespace}/{reference.Name} not found"));
            return [];
        }

        var port = ServicePort(backends, reference);
        if (port is null)
        {
            problems.Add(new Problem(Problem.ServicePortNotFound, $"Service {backends.Namespace}/{backends.Name} has no port {reference.Port?.ToString() ?? "(it has several; name one)"}"));
            return [];
        }

        var endpoints = backends.Endpoints
            .Where(e => (e.Ready || e.Serving && e.Terminating) && e.Ports.ContainsKey(port.Name) && IpAddresses.IsValid(e.Address))
            .ToList();
        // The VIP and its IPVS service stay (clients get refused, not routed elsewhere), but nothing can answer.
        if (!endpoints.Any(e => e.Ready))
            problems.Add(new Problem(Problem.NoReadyEndpoints, $"Service {backends.Namespace}/{backends.Name} has no ready endpoint for port {port.Port}"));

        return endpoints
            .OrderBy(e => e.Address, StringComparer.Ordinal)
            .Select(e => new Candidate(
                IPAddress.Parse(e.Address), e.Ports[port.Name], e.Ready ? reference.Weight : 0, forwarding, 0, 0,
                e.NodeName, ResourceRef.Of(vs), "spec.realServers.service", FromService: true));
    }

    private static ServicePortInfo? ServicePort(ServiceBackends backends, ServiceReference reference) => reference.Port switch
    {
        null => backends.Ports.Count == 1 ? backends.Ports[0] : null,
        { Number: { } number } => backends.Ports.FirstOrDefault(p => p.Port == number),
        { Name: var name } => backends.Ports.FirstOrDefault(p => p.Name == name),
    };

    /// <summary>Drops the candidates that cannot serve this service, each with a finding on the resource that named it.</summary>
    /// <remarks>
    /// Endpoints of another family or listed twice are skipped quietly: a dual-stack Service's slices hold
    /// both families, and an address may sit in two slices while it moves.
    /// </remarks>
    private static List<Candidate> Usable(VirtualService vs, List<Candidate> candidates, List<Finding> findings)
    {
        var spec = vs.Spec;
        var vips = (spec.Addresses ?? []).Select(IPAddress.Parse).ToHashSet();
        var families = spec.FirewallMark is null
            ? vips.Select(v => v.AddressFamily).ToHashSet()
            : [spec.IpFamily.ToAddressFamily()];
        var allPorts = spec.FirewallMark is not null || spec.Port == 0;
        var seen = new HashSet<(IPAddress, int?)>();
        var usable = new List<Candidate>();
        foreach (var c in candidates)
        {
            var (problem, field) =
                !families.Contains(c.Address.AddressFamily) ? (Messages.FamilyMismatch, "address")
                : vips.Contains(c.Address) ? (Messages.RealServerIsVip, "address")
                : c.Port is not null && allPorts ? (Messages.PortOnAllPortsService, "port")
                : c.Port is { } p && p != spec.Port && c.Forwarding.Method != ForwardingMethod.Masquerade ? (Messages.PortMappingNeedsNat, "port")
                : !seen.Add((c.Address, c.Port ?? spec.Port)) ? (Messages.DuplicateRealServer, "address")
                : (null, "");
            if (problem is null) usable.Add(c);
            else if (!c.FromService || problem is Messages.RealServerIsVip or Messages.PortMappingNeedsNat)
                findings.Add(new Finding(c.Origin, new FieldError(c.FromService ? c.Field : $"{c.Field}.{field}", problem)));
        }

        return usable;
    }
}

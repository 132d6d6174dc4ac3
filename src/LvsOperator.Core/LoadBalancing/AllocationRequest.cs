using System.Net;
using System.Net.Sockets;
using LvsOperator.Core.Resources;
using LvsOperator.Core.Validation;

namespace LvsOperator.Core.LoadBalancing;

/// <summary>A Service's wish parsed from its spec and annotations: families, requested addresses, pool, sharing.</summary>
internal sealed record AllocationRequest
{
    public required LoadBalancerService Service { get; init; }

    /// <summary>The families wanted, in the Service's order; <see cref="RequiredFamilies"/> of them must be given.</summary>
    public required IReadOnlyList<AddressFamily> Families { get; init; }

    public required int RequiredFamilies { get; init; }

    /// <summary>Addresses asked for by annotation or <c>spec.loadBalancerIP</c>; empty means any.</summary>
    public required IReadOnlyList<IPAddress> Requested { get; init; }

    public string? PoolName { get; init; }
    public string? SharingKey { get; init; }
    public required IReadOnlySet<(Protocol, int)> Ports { get; init; }

    /// <summary>The Service's current <c>status.loadBalancer.ingress</c> addresses that parse.</summary>
    public required IReadOnlyList<IPAddress> Current { get; init; }

    public ServiceName Name => Service.Name;

    public static AllocationRequest? Parse(LoadBalancerService service, out AllocationFailure? failure)
    {
        failure = null;
        var annotations = service.Annotations ?? new Dictionary<string, string>();
        IReadOnlyList<IpFamily> declared = service.IpFamilies is { Count: > 0 } f ? f : [IpFamily.IPv4];
        var families = declared.Select(x => x.ToAddressFamily()).Distinct().ToList();
        if (service.IpFamilyPolicy == IpFamilyPolicy.SingleStack) families = families.Take(1).ToList();
        var required = service.IpFamilyPolicy == IpFamilyPolicy.RequireDualStack ? families.Count : 1;

        var requestText = annotations.TryGetValue(LoadBalancerAnnotations.Address, out var annotated) && !string.IsNullOrWhiteSpace(annotated)
            ? annotated
            : service.LoadBalancerIP ?? "";
        var requested = new List<IPAddress>();
        foreach (var text in requestText.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!IpAddresses.TryParse(text, out var address))
                return Fail(out failure, $"requested address \"{text}\" is not an IPv4 or IPv6 address");
            if (requested.Any(r => r.AddressFamily == address.AddressFamily))
                return Fail(out failure, $"more than one {address.AddressFamily.ToIpFamily()} address is requested");
            if (!families.Contains(address.AddressFamily))
                return Fail(out failure,
                    $"requested address {address} is {address.AddressFamily.ToIpFamily()}, a family the Service's ipFamilies do not ask for");
            requested.Add(address);
        }

        if (requested.Count > 0 && requested.Count < required)
            return Fail(out failure, "a RequireDualStack Service that requests addresses must request one per family");

        return new AllocationRequest
        {
            Service = service,
            Families = families,
            RequiredFamilies = required,
            Requested = requested,
            PoolName = Trimmed(annotations, LoadBalancerAnnotations.AddressPool),
            SharingKey = Trimmed(annotations, LoadBalancerAnnotations.AllowSharedIp),
            Ports = service.Ports.Select(p => (p.Protocol, p.Port)).ToHashSet(),
            Current = (service.IngressAddresses ?? []).Select(Parsed).OfType<IPAddress>().ToList(),
        };
    }

    /// <summary>Older Services first, so that of two claims on one address the older one keeps it; then by name.</summary>
    public static int CompareBySeniority(AllocationRequest a, AllocationRequest b)
    {
        var (ta, tb) = (a.Service.CreationTimestamp ?? DateTimeOffset.MaxValue, b.Service.CreationTimestamp ?? DateTimeOffset.MaxValue);
        return ta != tb ? ta.CompareTo(tb) : a.Name.CompareTo(b.Name);
    }

    private static IPAddress? Parsed(string text) => IpAddresses.TryParse(text, out var ip) ? ip : null;

    private static string? Trimmed(IReadOnlyDictionary<string, string> annotations, string key) =>
        annotations.TryGetValue(key, out var value) && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null;

    private static AllocationRequest? Fail(out AllocationFailure? failure, string message)
    {
        failure = new AllocationFailure(AllocationFailureReason.InvalidRequest, message);
        return null;
    }
}

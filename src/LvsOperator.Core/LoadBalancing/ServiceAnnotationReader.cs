using System.Globalization;
using LvsOperator.Core.Resources;

namespace LvsOperator.Core.LoadBalancing;

/// <summary>The VirtualService settings a Service's <c>lvsoperator.io/</c> annotations ask for; each error is a sentence.</summary>
internal sealed class ServiceAnnotationReader(IReadOnlyDictionary<string, string>? annotations)
{
    /// <summary>Kubernetes' default <c>sessionAffinityConfig.clientIP.timeoutSeconds</c> (3 hours).</summary>
    public const int DefaultAffinitySeconds = 10800;

    private const int MaxPersistenceSeconds = 31 * 24 * 3600;

    public List<string> Errors { get; } = [];

    public Scheduler? Scheduler()
    {
        if (Value(LoadBalancerAnnotations.Scheduler) is not { } name) return null;
        if (Schedulers.Known.Contains(name)) return new Scheduler { Name = name };
        Errors.Add($"{LoadBalancerAnnotations.Scheduler}: \"{name}\" is not a scheduler; use one of {string.Join(", ", Schedulers.Known)}");
        return null;
    }

    /// <summary>NAT with source NAT to the pods unless DR or TUN is asked for: pods never route replies back through a director.</summary>
    public Forwarding Forwarding()
    {
        var method = Value(LoadBalancerAnnotations.Method);
        switch (method?.ToUpperInvariant())
        {
            case null or "NAT":
                return new Forwarding { Method = ForwardingMethod.Masquerade, SourceNat = SourceNat.Auto };
            case "DR":
                return new Forwarding { Method = ForwardingMethod.DirectRouting };
            case "TUN":
                return new Forwarding { Method = ForwardingMethod.Tunnel, Tunnel = new Tunnel() };
            default:
                Errors.Add($"{LoadBalancerAnnotations.Method}: \"{method}\" is not a forwarding method; use NAT, DR or TUN");
                return new Forwarding { Method = ForwardingMethod.Masquerade, SourceNat = SourceNat.Auto };
        }
    }

    /// <summary>The annotation (seconds, or <c>none</c>) wins; else <c>sessionAffinity: ClientIP</c> with its timeout.</summary>
    public Persistence? Persistence(LoadBalancerService service)
    {
        var text = Value(LoadBalancerAnnotations.Persistence);
        if (text is null)
            return service.ClientIPAffinity ? new Persistence { TimeoutSeconds = service.AffinityTimeoutSeconds ?? DefaultAffinitySeconds } : null;
        if (text.Equals("none", StringComparison.OrdinalIgnoreCase)) return null;
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) && seconds is >= 1 and <= MaxPersistenceSeconds)
            return new Persistence { TimeoutSeconds = seconds };
        Errors.Add($"{LoadBalancerAnnotations.Persistence}: \"{text}\" is neither none nor a number of seconds from 1 to {MaxPersistenceSeconds}");
        return null;
    }

    /// <summary>None by default: EndpointSlice readiness already says which pods serve. <c>tcp</c>, <c>http[:/path]</c>, <c>https[:/path]</c>.</summary>
    public HealthCheck? HealthCheck()
    {
        if (Value(LoadBalancerAnnotations.HealthCheck) is not { } text) return null;
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        var (kind, path) = colon < 0 ? (text, null) : (text[..colon], text[(colon + 1)..]);
        switch (kind.ToUpperInvariant())
        {
            case "NONE" when path is null:
                return null;
            case "TCP" when path is null:
                return new HealthCheck { Type = HealthCheckType.Tcp };
            case "HTTP" or "HTTPS" when path is null || path.StartsWith('/'):
                return new HealthCheck
                {
                    Type = kind.Equals("HTTP", StringComparison.OrdinalIgnoreCase) ? HealthCheckType.Http : HealthCheckType.Https,
                    Http = new HealthCheckHttp { Path = path ?? HealthCheckHttp.DefaultPath },
                };
            default:
                Errors.Add($"{LoadBalancerAnnotations.HealthCheck}: \"{text}\" is not none, tcp, http[:/path] or https[:/path]");
                return null;
        }
    }

    private string? Value(string key) =>
        annotations?.GetValueOrDefault(key) is { } value && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null;
}

using LvsOperator.Core.Resources;
using LvsOperator.Core.Validation;

namespace LvsOperator.Core.LoadBalancing;

/// <summary>
/// The VirtualServices a LoadBalancer Service stands for: one per Service port, on the Service's addresses, its
/// real servers the Service's EndpointSlices (<see cref="ServiceReference"/>), owned by the Service so that they go
/// with it. Defaults: NAT with source NAT to the pods, scheduler wlc, no agent health check.
/// <para>
/// <c>externalTrafficPolicy: Local</c> is refused, not approximated: it promises the client's address at the pod and
/// only node-local endpoints, and a director does neither (it picks endpoints on every node, and NAT to pods
/// replaces the client's address so replies come back through it). A Service that needs the client's address sets
/// <c>lvsoperator.io/method: DR</c> or <c>TUN</c> with <c>Cluster</c>.
/// </para>
/// </summary>
public static class LoadBalancerTranslation
{
    /// <summary>Label naming the Service on each generated VirtualService, to list them by Service.</summary>
    public const string ServiceLabel = "lvsoperator.io/service";

    public static TranslationResult Translate(LoadBalancerService service, IReadOnlyList<string> addresses)
    {
        if (service.ExternalTrafficPolicy == ExternalTrafficPolicy.Local)
            return Refuse(TranslationRefusals.ExternalTrafficPolicyLocal,
                "externalTrafficPolicy Local is not supported: a director balances to endpoints on every node and NAT to pods " +
                "replaces the client's address; use Cluster (with lvsoperator.io/method DR or TUN to keep the client's address)");
        if (addresses.Count == 0) return Refuse(TranslationRefusals.NoAddress, "the Service has no address yet");
        if (service.Ports.Count == 0) return Refuse(TranslationRefusals.NoPorts, "the Service has no port");

        var reader = new ServiceAnnotationReader(service.Annotations);
        var scheduler = reader.Scheduler();
        var forwarding = reader.Forwarding();
        var persistence = reader.Persistence(service);
        var healthCheck = reader.HealthCheck();
        if (reader.Errors.Count > 0) return Refuse(TranslationRefusals.InvalidAnnotation, string.Join("; ", reader.Errors));

        var generated = new List<VirtualService>();
        var problems = new List<string>();
        foreach (var port in service.Ports.OrderBy(p => p.Port).ThenBy(p => p.Protocol))
        {
            var vs = Build(service, port, addresses, scheduler, forwarding, persistence, healthCheck);
            var portName = port.Name ?? port.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
            problems.AddRange(ResourceValidator.Validate(vs).Select(e => $"port {portName}: {e}"));
            generated.Add(vs);
        }

        return problems.Count > 0
            ? Refuse(TranslationRefusals.InvalidAnnotation, string.Join("; ", problems.Distinct()))
            : new TranslationResult { VirtualServices = generated };
    }

    private static VirtualService Build(LoadBalancerService service, LoadBalancerPort port, IReadOnlyList<string> addresses,
        Scheduler? scheduler, Forwarding forwarding, Persistence? persistence, HealthCheck? healthCheck) => new()
    {
        Metadata = new ObjectMeta
        {
            Name = GeneratedNames.VirtualServiceName(service.Name.Name, port),
            Namespace = service.Name.Namespace,
            Labels = new Dictionary<string, string> { [ServiceLabel] = service.Name.Name },
            OwnerReferences = service.Uid is null
                ? null
                : [new OwnerReference { ApiVersion = "v1", Kind = "Service", Name = service.Name.Name, Uid = service.Uid, Controller = true }],
        },
        Spec = new VirtualServiceSpec
        {
            Addresses = addresses,
            Protocol = port.Protocol,
            Port = port.Port,
            Scheduler = scheduler,
            Persistence = persistence,
            Forwarding = forwarding,
            HealthCheck = healthCheck,
            RealServers = new RealServerSource
            {
                Service = new ServiceReference
                {
                    Name = service.Name.Name,
                    Port = string.IsNullOrEmpty(port.Name) ? IntOrString.FromNumber(port.Port) : IntOrString.FromString(port.Name),
                },
            },
        },
    };

    private static TranslationResult Refuse(string reason, string message) => new() { Refusal = new TranslationRefusal(reason, message) };
}

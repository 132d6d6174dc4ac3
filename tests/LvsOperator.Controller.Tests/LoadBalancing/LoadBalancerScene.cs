using LvsOperator.Controller.LoadBalancing;
using LvsOperator.Core.Resources;
using LvsOperator.Kubernetes.Models;

namespace LvsOperator.Controller.Tests.LoadBalancing;

/// <summary>
/// A cluster as the LoadBalancer decisions see it, and the API server's side of their writes: <see cref="Apply"/>
/// does to the objects what the writer's calls would (status patched, VirtualServices created, replaced, deleted,
/// their generation moved and stamped), so a test can decide, write and decide again without HTTP.
/// </summary>
internal sealed class LoadBalancerScene
{
    public static readonly DateTimeOffset Now = new(2026, 12, 6, 23, 0, 0, TimeSpan.Zero);

    public List<Service> Services { get; } = [];
    public List<AddressPool> Pools { get; } = [];
    public List<VirtualService> Generated { get; } = [];
    public bool DefaultImplementation { get; set; }

    public LoadBalancerOutput Decide() => LoadBalancerDecisions.Decide(new LoadBalancerInput(
        Services, Pools, Generated, new Dictionary<string, IReadOnlyDictionary<string, string>>(), DefaultImplementation, Now));

    /// <summary>Decides and applies until nothing is left to write (at most a few rounds); the last output must be empty.</summary>
    public List<LoadBalancerOutput> Settle()
    {
        var rounds = new List<LoadBalancerOutput>();
        for (var i = 0; i < 5; i++)
        {
            var output = Decide();
            rounds.Add(output);
            if (output.ServiceStatuses.Count + output.VirtualServices.Count + output.PoolStatuses.Count == 0) return rounds;
            Apply(output);
        }

        throw new InvalidOperationException("the decisions never settle: every round writes again");
    }

    public void Apply(LoadBalancerOutput output)
    {
        foreach (var change in output.ServiceStatuses)
        {
            var index = Services.FindIndex(s => s.Metadata.Uid == change.Service.Metadata.Uid);
            Services[index] = Services[index] with
            {
                Status = new ServiceStatus
                {
                    LoadBalancer = new LoadBalancerStatus { Ingress = change.Ingress.Count == 0 ? null : change.Ingress },
                    Conditions = change.Conditions.Count == 0 ? null : change.Conditions,
                },
                Metadata = Bump(Services[index].Metadata),
            };
        }

        foreach (var change in output.VirtualServices)
        {
            var vs = change.VirtualService;
            var index = Generated.FindIndex(v => v.Metadata.Name == vs.Metadata.Name && v.Metadata.Namespace == vs.Metadata.Namespace);
            switch (change.Kind)
            {
                case GeneratedChangeKind.Create:
                    Generated.Add(Stamp(vs with { Metadata = vs.Metadata with { Uid = Guid.NewGuid().ToString(), Generation = 1, ResourceVersion = "1" } }));
                    break;
                case GeneratedChangeKind.Update:
                    Generated[index] = Stamp(vs with { Metadata = Bump(vs.Metadata) with { Generation = Generated[index].Metadata.Generation + 1 } });
                    break;
                default:
                    Generated.RemoveAt(index);
                    break;
            }
        }

        foreach (var change in output.PoolStatuses)
        {
            var index = Pools.FindIndex(p => p.Metadata.Name == change.Target.Name);
            Pools[index] = Pools[index] with { Status = change.Status };
        }
    }

    /// <summary>What a user's kubectl edit of the spec does: a new spec, the generation moved.</summary>
    public void EditGenerated(string name, Func<VirtualServiceSpec, VirtualServiceSpec> edit)
    {
        var index = Generated.FindIndex(v => v.Metadata.Name == name);
        var vs = Generated[index];
        Generated[index] = vs with { Spec = edit(vs.Spec), Metadata = Bump(vs.Metadata) with { Generation = vs.Metadata.Generation + 1 } };
    }

    public void Replace(string name, Func<Service, Service> change)
    {
        var index = Services.FindIndex(s => s.Metadata.Name == name);
        var changed = change(Services[index]);
        Services[index] = changed with { Metadata = Bump(changed.Metadata) with { Generation = changed.Metadata.Generation + 1 } };
    }

    public Service Service(string name) => Services.Single(s => s.Metadata.Name == name);

    public static Service LoadBalancer(string name, string? loadBalancerClass = "lvsoperator.io/lvs", string ns = "shop",
        IReadOnlyDictionary<string, string>? annotations = null, int port = 80) => new()
    {
        Metadata = new ObjectMeta
        {
            Name = name, Namespace = ns, Uid = $"uid-{name}", Generation = 1, ResourceVersion = "1", Annotations = annotations,
            CreationTimestamp = Now.AddMinutes(-10),
        },
        Spec = new ServiceSpec
        {
            Type = "LoadBalancer", LoadBalancerClass = loadBalancerClass, IpFamilies = ["IPv4"], IpFamilyPolicy = "SingleStack",
            Ports = [new ServicePort { Name = "http", Port = port, Protocol = Protocol.Tcp }],
        },
    };

    public static AddressPool Pool(string name, params string[] addresses) => new()
    {
        Metadata = new ObjectMeta { Name = name, Uid = $"uid-{name}", Generation = 1, CreationTimestamp = Now.AddHours(-1) },
        Spec = new AddressPoolSpec { Addresses = addresses },
    };

    private static ObjectMeta Bump(ObjectMeta meta) => meta with { ResourceVersion = $"{int.Parse(meta.ResourceVersion ?? "0", System.Globalization.CultureInfo.InvariantCulture) + 1}" };

    private static VirtualService Stamp(VirtualService vs) => vs with
    {
        Metadata = vs.Metadata with
        {
            Annotations = new Dictionary<string, string>(vs.Metadata.Annotations ?? new Dictionary<string, string>())
            {
                [GeneratedVirtualServices.GenerationAnnotation] = $"{vs.Metadata.Generation}",
            },
        },
    };
}

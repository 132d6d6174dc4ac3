using LvsOperator.Core.Resources;
using LvsOperator.Kubernetes.Models;

namespace LvsOperator.Controller.LoadBalancing;

/// <summary>
/// What the LoadBalancer decisions read, at one moment: every Service (the decisions pick theirs), the pools,
/// the VirtualServices generated before, namespace labels (for pools' namespace selectors), and whether class-less
/// Services are ours too.
/// </summary>
public sealed record LoadBalancerInput(
    IReadOnlyList<Service> Services,
    IReadOnlyList<AddressPool> Pools,
    IReadOnlyList<VirtualService> Generated,
    IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> NamespaceLabels,
    bool DefaultImplementation,
    DateTimeOffset Now);

using System.Text.Json.Nodes;
using LvsOperator.Core.Control;
using LvsOperator.Core.Resources;
using LvsOperator.Kubernetes.Client;

namespace LvsOperator.Controller.Tests.RealApiServer;

/// <summary>
/// One test's corner of the shared cluster: its own namespace and Nodes (its director labelled
/// <c>lvsoperator.io/e2e=NAME</c>, which its VirtualServices select), YAML applied as a user would (kubectl, admin),
/// state read back as admin, and the agent's report written with the agent's token.
/// </summary>
internal sealed class ClusterScene(ControllerClusterFixture cluster, string name)
{
    public string Namespace => name;

    public string Director => $"{name}-director";

    public static async Task<ClusterScene> CreateAsync(ControllerClusterFixture cluster, string name)
    {
        var scene = new ClusterScene(cluster, name);
        await scene.ApplyAsync($$"""
            apiVersion: v1
            kind: Namespace
            metadata: {name: {{name}} }
            ---
            apiVersion: v1
            kind: Node
            metadata:
              name: {{scene.Director}}
              labels: {lvsoperator.io/director: "true", lvsoperator.io/e2e: {{name}} }
            """);
        return scene;
    }

    public async Task ApplyAsync(string yaml)
    {
        var applied = await cluster.Server.ApplyAsync(yaml);
        if (applied.ExitCode != 0) throw new InvalidOperationException($"kubectl apply: {applied.Stderr}\n{yaml}");
    }

    /// <summary>Service <paramref name="service"/> with port http (80 → 8080) and one EndpointSlice: a ready, a terminating and a stopped pod.</summary>
    public string Service(string service) => $$"""
        apiVersion: v1
        kind: Service
        metadata: {name: {{service}}, namespace: {{name}} }
        spec:
          ports: [{name: http, port: 80, targetPort: 8080}]
        ---
        apiVersion: discovery.k8s.io/v1
        kind: EndpointSlice
        metadata:
          name: {{service}}-abc
          namespace: {{name}}
          labels: {kubernetes.io/service-name: {{service}} }
        addressType: IPv4
        ports: [{name: http, port: 8080, protocol: TCP}]
        endpoints:
          - addresses: [198.18.5.1]
            conditions: {ready: true}
          - addresses: [198.18.5.2]
            conditions: {ready: false, serving: true, terminating: true}
          - addresses: [198.18.5.3]
            conditions: {ready: false, serving: false}
        """;

    /// <summary>A NAT VirtualService on <paramref name="vip"/>:<paramref name="port"/> backed by Service <paramref name="service"/>'s port <paramref name="servicePort"/>.</summary>
    public string VirtualService(string vs, string vip, int port = 80, string service = "web", string servicePort = "http") => $$"""
        apiVersion: lvsoperator.io/v1alpha1
        kind: VirtualService
        metadata: {name: {{vs}}, namespace: {{name}} }
        spec:
          addresses: [{{vip}}]
          port: {{port}}
          scheduler: {name: rr}
          forwarding: {method: NAT}
          realServers: {service: {name: {{service}}, port: {{servicePort}} } }
          directors: {nodeSelector: {lvsoperator.io/e2e: {{name}} } }
        """;

    public Task<VirtualService?> VsAsync(string vs) => cluster.Admin.Resource(ResourceTypes.VirtualServices).GetAsync(name, vs);

    public Task<VirtualService> WaitVsAsync(string vs, Func<VirtualService, bool> test, string what) =>
        Eventually.ValueAsync(async () => await VsAsync(vs) is { } found && test(found) ? found : null, $"{name}/{vs}: {what}\n{cluster.Logs()}");

    /// <summary>Accepted=True, with the status written for the current generation.</summary>
    public Task<VirtualService> WaitAcceptedAsync(string vs) => WaitVsAsync(vs,
        v => Is(v, ConditionTypes.Accepted, ConditionStatus.True) && v.Status?.ObservedGeneration == v.Metadata.Generation, "Accepted=True");

    public Task<NodeSlice?> SliceAsync(string vs, string node) =>
        cluster.Admin.Resource(ResourceTypes.NodeSlices).GetAsync(name, $"{vs}.{node}");

    public Task<NodeSlice> WaitSliceAsync(string vs, string node, Func<NodeSlice, bool> test, string what) =>
        Eventually.ValueAsync(async () => await SliceAsync(vs, node) is { } found && test(found) ? found : null, $"{name}/{vs}.{node}: {what}\n{cluster.Logs()}");

    /// <summary>What the node's agent writes after a cycle that applied the slice: its generation, Programmed.</summary>
    public Task AgentReportsAsync(NodeSlice slice) =>
        cluster.Agent.Resource(ResourceTypes.NodeSlices).MergePatchStatusAsync(slice.Metadata.Namespace, slice.Metadata.Name, new JsonObject
        {
            ["status"] = new JsonObject
            {
                ["observedGeneration"] = slice.Metadata.Generation,
                ["conditions"] = new JsonArray(
                    Condition(ConditionTypes.Programmed, "True", "Programmed"),
                    Condition(ConditionTypes.Draining, "False", "NothingToDrain")),
            },
        });

    public static Condition? ConditionOf(VirtualService vs, string type) => vs.Status?.Conditions?.FirstOrDefault(c => c.Type == type);

    public static bool Is(VirtualService vs, string type, ConditionStatus status, string? reason = null) =>
        ConditionOf(vs, type) is { } c && c.Status == status && (reason is null || c.Reason == reason);

    private static JsonObject Condition(string type, string status, string reason) => new()
    {
        ["type"] = type, ["status"] = status, ["reason"] = reason, ["message"] = "",
        ["lastTransitionTime"] = DateTimeOffset.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture),
    };
}

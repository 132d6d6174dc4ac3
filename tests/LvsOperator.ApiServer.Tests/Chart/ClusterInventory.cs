namespace LvsOperator.ApiServer.Tests.Chart;

/// <summary>
/// Every object in the cluster, of every kind the API server can list, as "Kind apiVersion namespace name" rows
/// (namespace "&lt;none&gt;" when cluster-scoped). Events are left out: the API server writes its own.
/// </summary>
internal static class ClusterInventory
{
    public const string Columns = "custom-columns=KIND:.kind,VERSION:.apiVersion,NAMESPACE:.metadata.namespace,NAME:.metadata.name";

    private static readonly string[] Unlisted = ["events", "events.events.k8s.io", "componentstatuses"];

    public static async Task<IReadOnlySet<string>> TakeAsync(KubeApiServer server)
    {
        var kinds = (await server.KubectlAsync("api-resources", "--verbs=list", "-o", "name")).EnsureSuccess().Stdout
            .Split('\n', StringSplitOptions.RemoveEmptyEntries).Except(Unlisted);
        var listed = (await server.KubectlAsync("get", string.Join(',', kinds), "-A", "-o", Columns, "--no-headers")).EnsureSuccess();
        return Rows(listed.Stdout).ToHashSet();
    }

    /// <summary>kubectl's custom-columns output as rows with single spaces.</summary>
    public static IEnumerable<string> Rows(string output) =>
        output.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => string.Join(' ', line.Split(' ', StringSplitOptions.RemoveEmptyEntries)));

    /// <summary>Rows an installation of the CRDs adds by itself: the CRDs and the APIService of their group.</summary>
    public static bool IsOurApiGroup(string row) =>
        (row.StartsWith("CustomResourceDefinition ", StringComparison.Ordinal) || row.StartsWith("APIService ", StringComparison.Ordinal))
        && row.EndsWith(".lvsoperator.io", StringComparison.Ordinal);
}

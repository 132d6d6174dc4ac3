namespace LvsOperator.ApiServer.Tests.Chart;

/// <summary>
/// Every object in the cluster, of every kind the API server can list, as "Kind apiVersion namespace name" rows
/// (namespace "&lt;none&gt;" when cluster-scoped). Events are left out: the API server writes its own.
/// </summary>
internal static class ClusterInventory
{
    private const string Columns =
        "custom-columns=KIND:.kind,VERSION:.apiVersion,NAMESPACE:.metadata.namespace,NAME:.metadata.name";

    private static readonly string[] Unlisted = ["events", "events.events.k8s.io", "componentstatuses"];

    public static async Task<IReadOnlySet<string>> TakeAsync(KubeApiServer server)
    {
        var kinds = (await server.KubectlAsync("api-resources", "--verbs=list", "-o", "name")).EnsureSuccess().Stdout
            .Split('\n', StringSplitOptions.RemoveEmptyEntries).Except(Unlisted);
        var listed = await server.KubectlAsync("get", string.Join(',', kinds), "-A", "-o", Columns, "--no-headers");
        return Rows(listed.EnsureSuccess().Stdout).ToHashSet();
    }

    /// <summary>The rows of the objects a manifest file names; kubectl fails on the first the server does not have.</summary>
    public static async Task<List<string>> OfAsync(KubeApiServer server, string manifest)
    {
        var listed = await server.KubectlAsync("get", "-f", manifest, "-o", Columns, "--no-headers");
        return Rows(listed.EnsureSuccess().Stdout).ToList();
    }

    /// <summary>kubectl's custom-columns output as rows with single spaces.</summary>
    private static IEnumerable<string> Rows(string output) =>
        output.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => string.Join(' ', line.Split(' ', StringSplitOptions.RemoveEmptyEntries)));

    /// <summary>Rows an installation of the CRDs adds by itself: the CRDs and the APIService of their group.</summary>
    public static bool IsOurApiGroup(string row) =>
        IsOurCrd(row)
        || (row.StartsWith("APIService ", StringComparison.Ordinal) && row.EndsWith(".lvsoperator.io", StringComparison.Ordinal));

    public static bool IsOurCrd(string row) =>
        row.StartsWith("CustomResourceDefinition ", StringComparison.Ordinal)
        && row.EndsWith(".lvsoperator.io", StringComparison.Ordinal);
}

using Xunit.Abstractions;

namespace LvsOperator.ApiServer.Tests;

/// <summary>
/// tests/manifests/invalid against the real API server and against <c>lvsctl validate</c>: the server rejects each
/// file for the reason its header names, and lvsctl reports the same errors, field and message.
/// </summary>
[Collection(LvsCluster.Name)]
public sealed class InvalidCorpusTests(LvsClusterFixture cluster, ITestOutputHelper output)
{
    public static TheoryData<string> Files() =>
        new(Directory.EnumerateFiles(Repo.Path("tests", "manifests", "invalid"), "*.yaml")
            .Select(f => Path.GetRelativePath(Repo.Root, f)).Order(StringComparer.Ordinal));

    [Theory]
    [MemberData(nameof(Files))]
    public async Task The_server_rejects_it_for_the_headers_reason_and_lvsctl_says_the_same(string file)
    {
        var header = CorpusHeader.Read(Repo.Path(file));
        var server = await ServerVerdict.CheckAsync(cluster.Server, Repo.Path(file));
        var lvsctl = LvsctlVerdict.Check(Repo.Path(file));
        output.WriteLine($"server: {string.Join(" | ", server)}");
        output.WriteLine($"lvsctl: {string.Join(" | ", lvsctl.Errors)}");

        Assert.NotEmpty(server);
        if (header.Message is { } message)
        {
            Assert.All(server, e => Assert.EndsWith($": {message}", e.Message));
        }

        if (header.Field is { } field)
        {
            Assert.Contains(server, e => e.Field == field || field.StartsWith(e.Field + "[", StringComparison.Ordinal));
        }

        Assert.Equal(1, lvsctl.ExitCode);
        Assert.True(server.Count == lvsctl.Errors.Count, $"server: {string.Join(" | ", server)}\nlvsctl: {lvsctl.Stderr}");
        foreach (var error in server)
        {
            Assert.True(lvsctl.Errors.Any(l => SaysTheSame(error, l)), $"lvsctl does not say \"{error}\":\n{lvsctl.Stderr}");
        }
    }

    /// <summary>
    /// The same field (or, for a rule on a list, one of its items: README's corpus note), and the server's message
    /// without the value it echoes: "Invalid value: 70000: MESSAGE" or "Invalid value: \"string\": MESSAGE".
    /// </summary>
    private static bool SaysTheSame(FieldError server, FieldError lvsctl) =>
        (lvsctl.Field == server.Field || lvsctl.Field.StartsWith(server.Field + "[", StringComparison.Ordinal))
        && (lvsctl.Message == server.Message || server.Message.EndsWith(": " + lvsctl.Message, StringComparison.Ordinal));
}

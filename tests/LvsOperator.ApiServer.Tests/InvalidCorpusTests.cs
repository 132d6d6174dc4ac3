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
        var server = (await ServerVerdict.CheckAsync(cluster.Server, Repo.Path(file))).Where(e => e.Field != NoField).ToList();
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
            // A kind or version the server does not serve is a bare 404: no field to compare.
            Assert.Contains(server, e => e.Field == field || field.StartsWith(e.Field + "[", StringComparison.Ordinal) || e.Field.Length == 0);
        }

        Assert.Equal(1, lvsctl.ExitCode);
        Assert.True(server.Count == lvsctl.Errors.Count, $"server: {string.Join(" | ", server)}\nlvsctl: {lvsctl.Stderr}");
        foreach (var error in server)
        {
            Assert.True(lvsctl.Errors.Any(l => SaysTheSame(error, l, header.Message is not null)), $"lvsctl does not say \"{error}\":\n{lvsctl.Stderr}");
        }
    }

    /// <summary>
    /// The field of the causes that name none, which lvsctl does not print: "some validation rules were not checked
    /// because the object was invalid", added whenever a schema error stops the CEL rules, and an int-or-string's
    /// "must validate at least one schema (anyOf)" beside its two type errors.
    /// </summary>
    private const string NoField = "<nil>";

    /// <summary>
    /// The same field (or, for a rule on a list, one of its items: README's corpus note) and the same message, word
    /// for word. A CEL rule's message (a Messages.cs text) the server prefixes with the reason and often the value
    /// ("Forbidden: ", "Invalid value: 2678401: ", "Invalid value: \"object\": "), which lvsctl leaves out. A kind
    /// or version the server does not serve names no field, and lvsctl adds the version it does serve.
    /// </summary>
    private static bool SaysTheSame(FieldError server, FieldError lvsctl, bool celRule) =>
        (lvsctl.Field == server.Field || lvsctl.Field.StartsWith(server.Field + "[", StringComparison.Ordinal) || server.Field.Length == 0)
        && (lvsctl.Message == server.Message
            || (celRule && server.Message.EndsWith(": " + lvsctl.Message, StringComparison.Ordinal))
            || lvsctl.Message.StartsWith(server.Message + "; use ", StringComparison.Ordinal));
}

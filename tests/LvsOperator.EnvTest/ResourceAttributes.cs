using System.Text.Json.Nodes;

namespace LvsOperator.EnvTest;

/// <summary>What an access review asks about: a verb on a resource (and subresource) of a group, in a namespace or cluster-wide.</summary>
public sealed record ResourceAttributes(string Verb, string Group, string Resource, string? Subresource = null, string? Namespace = null)
{
    internal JsonObject ToJson()
    {
        var json = new JsonObject { ["verb"] = Verb, ["group"] = Group, ["resource"] = Resource };
        if (Subresource is not null) json["subresource"] = Subresource;
        if (Namespace is not null) json["namespace"] = Namespace;
        return json;
    }

    public override string ToString() =>
        $"{Verb} {Resource}{(Subresource is null ? "" : "/" + Subresource)}{(Group.Length == 0 ? "" : "." + Group)}{(Namespace is null ? "" : " in " + Namespace)}";
}

/// <summary>The authorizer's answer.</summary>
public sealed record AccessDecision(bool Allowed, string Reason);

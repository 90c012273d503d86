using Infra.Config;
using Infra.Model;

namespace Infra.Components;

/// <summary>
/// Where Elasticsearch snapshots go: a private, versioned, encrypted S3 bucket with lifecycle rules,
/// and an IAM role that only the Elasticsearch service account can assume (IRSA via the EKS OIDC provider).
/// </summary>
public sealed class SnapshotStorage
{
    public const string ServiceAccountName = "elasticsearch-snapshots";

    public SnapshotStorage(StackContext context, Resource elasticNamespace)
    {
        var settings = context.Settings;
        var component = Elasticsearch.ComponentName;
        Bucket = context.Aws(component, "snapshot-bucket", "aws:s3/bucket:Bucket", ObjectValue.Of(
            ("bucketPrefix", $"{settings.Stack}-es-snapshots-"),
            ("forceDestroy", false),
            ("tags", ObjectValue.Of(("purpose", "elasticsearch-snapshots")))), stateful: true);
        var bucketId = new ReferenceValue(Bucket, "id");
        var bucketArn = new ReferenceValue(Bucket, "arn");

        context.Aws(component, "snapshot-bucket-versioning", "aws:s3/bucketVersioning:BucketVersioning", ObjectValue.Of(
            ("bucket", bucketId),
            ("versioningConfiguration", ObjectValue.Of(("status", "Enabled")))));
        context.Aws(component, "snapshot-bucket-encryption", "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration", ObjectValue.Of(
            ("bucket", bucketId),
            ("rules", ListValue.Of(ObjectValue.Of(
                ("applyServerSideEncryptionByDefault", ObjectValue.Of(("sseAlgorithm", "aws:kms"))),
                ("bucketKeyEnabled", true))))));
        PublicAccessBlock = context.Aws(component, "snapshot-bucket-public-access-block", "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock", ObjectValue.Of(
            ("bucket", bucketId),
            ("blockPublicAcls", true),
            ("blockPublicPolicy", true),
            ("ignorePublicAcls", true),
            ("restrictPublicBuckets", true)));
        context.Aws(component, "snapshot-bucket-ownership", "aws:s3/bucketOwnershipControls:BucketOwnershipControls", ObjectValue.Of(
            ("bucket", bucketId),
            ("rule", ObjectValue.Of(("objectOwnership", "BucketOwnerEnforced")))));
        context.Aws(component, "snapshot-bucket-lifecycle", "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration", ObjectValue.Of(
            ("bucket", bucketId),
            ("rules", ListValue.Of(ObjectValue.Of(
                ("id", "expire-old-versions-and-uploads"),
                ("status", "Enabled"),
                ("filter", ObjectValue.Of(("prefix", ""))),
                // Snapshot files replaced or deleted by Elasticsearch stay recoverable for 30 days.
                ("noncurrentVersionExpiration", ObjectValue.Of(("noncurrentDays", 30))),
                ("abortIncompleteMultipartUpload", ObjectValue.Of(("daysAfterInitiation", 7))))))));
        context.Aws(component, "snapshot-bucket-policy", "aws:s3/bucketPolicy:BucketPolicy", ObjectValue.Of(
            ("bucket", bucketId),
            ("policy", InterpolatedValue.Of(
                new StringValue("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"DenyInsecureTransport\",\"Effect\":\"Deny\",\"Principal\":\"*\",\"Action\":\"s3:*\",\"Resource\":[\""),
                bucketArn, new StringValue("\",\""), bucketArn, new StringValue("/*\"],\"Condition\":{\"Bool\":{\"aws:SecureTransport\":\"false\"}}}]}")))),
            false, PublicAccessBlock);

        // IRSA: only this namespace's snapshot service account, with the STS audience, may assume the role.
        var provider = settings.Get(SettingsCatalog.EksOidcProviderArn);
        var issuer = provider[(provider.IndexOf("oidc-provider/", StringComparison.Ordinal) + "oidc-provider/".Length)..];
        Role = context.Aws(component, "snapshot-role", "aws:iam/role:Role", ObjectValue.Of(
            ("description", $"Elasticsearch snapshots of stack {settings.Stack} (assumed by {Namespaces.Elastic}/{ServiceAccountName})"),
            ("maxSessionDuration", 3600),
            ("assumeRolePolicy", AssumeRolePolicy(provider, issuer))));
        context.Aws(component, "snapshot-role-policy", "aws:iam/rolePolicy:RolePolicy", ObjectValue.Of(
            ("role", new ReferenceValue(Role, "id")),
            ("policy", InterpolatedValue.Of(
                new StringValue("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":[\"s3:ListBucket\",\"s3:GetBucketLocation\",\"s3:ListBucketMultipartUploads\",\"s3:ListBucketVersions\"],\"Resource\":\""),
                bucketArn,
                new StringValue("\"},{\"Effect\":\"Allow\",\"Action\":[\"s3:GetObject\",\"s3:PutObject\",\"s3:DeleteObject\",\"s3:AbortMultipartUpload\",\"s3:ListMultipartUploadParts\"],\"Resource\":\""),
                bucketArn,
                new StringValue("/*\"}]}")))));

        ServiceAccount = context.Kubernetes(component, "snapshot-service-account", "kubernetes:core/v1:ServiceAccount", ObjectValue.Of(
            ("metadata", ObjectValue.Of(
                ("name", ServiceAccountName),
                ("namespace", Namespaces.Elastic),
                ("labels", StackContext.Labels(ServiceAccountName, "elasticsearch")),
                ("annotations", ObjectValue.Of(("eks.amazonaws.com/role-arn", new ReferenceValue(Role, "arn"))))))), false, elasticNamespace);
    }

    public Resource Bucket { get; }

    public Resource PublicAccessBlock { get; }

    public Resource Role { get; }

    public Resource ServiceAccount { get; }

    private static string AssumeRolePolicy(string provider, string issuer) =>
        "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"Federated\":\"" + provider +
        "\"},\"Action\":\"sts:AssumeRoleWithWebIdentity\",\"Condition\":{\"StringEquals\":{\"" + issuer + ":sub\":\"system:serviceaccount:" +
        Namespaces.Elastic + ":" + ServiceAccountName + "\",\"" + issuer + ":aud\":\"sts.amazonaws.com\"}}}]}";
}

import type { Metadata } from "next";
import { PageHeader } from "@/components/page-header";
import { Card, CardContent } from "@/components/ui/card";
import { ChangePasswordForm } from "@/components/account/change-password-form";
import { requirePagePermission } from "@/lib/auth/current-user";

export const metadata: Metadata = { title: "Change password" };

export default async function ChangePasswordPage() {
  await requirePagePermission("self.changePassword");
  return (
    <>
      <PageHeader
        title="Change password"
        description="At least 12 characters, not a common password, and not containing your email address or name. Your other sessions will be signed out."
      />
      <Card className="max-w-md">
        <CardContent>
          <ChangePasswordForm />
        </CardContent>
      </Card>
    </>
  );
}

import Link from "next/link";
import { Upload } from "lucide-react";
import { Button } from "@/components/ui/button";

/** The users page's "Import users" link; render it only when can(actor, "users.import"). */
export function ImportEntry() {
  return (
    <Button asChild variant="outline">
      <Link href="/admin/users/import">
        <Upload aria-hidden="true" />
        Import users
      </Link>
    </Button>
  );
}

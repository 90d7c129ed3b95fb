using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Briefly.Data.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class TopicAlertSending : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTime>(
                name: "AlertsClaimedUntil",
                table: "Users",
                type: "datetime2",
                nullable: true);

            migrationBuilder.AddColumn<DateOnly>(
                name: "LastDigestOn",
                table: "Users",
                type: "date",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "AlertsMatchedAt",
                table: "Stories",
                type: "datetime2",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_Stories_AlertsMatchedAt",
                table: "Stories",
                column: "AlertsMatchedAt");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Stories_AlertsMatchedAt",
                table: "Stories");

            migrationBuilder.DropColumn(
                name: "AlertsClaimedUntil",
                table: "Users");

            migrationBuilder.DropColumn(
                name: "LastDigestOn",
                table: "Users");

            migrationBuilder.DropColumn(
                name: "AlertsMatchedAt",
                table: "Stories");
        }
    }
}

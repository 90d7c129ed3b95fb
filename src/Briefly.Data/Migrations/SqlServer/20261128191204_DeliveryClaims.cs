using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Briefly.Data.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class DeliveryClaims : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTime>(
                name: "ClaimedUntil",
                table: "Deliveries",
                type: "datetime2",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "ClaimedUntil",
                table: "Deliveries");
        }
    }
}

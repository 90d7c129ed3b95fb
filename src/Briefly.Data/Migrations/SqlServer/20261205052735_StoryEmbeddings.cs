using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Briefly.Data.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class StoryEmbeddings : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<byte[]>(
                name: "Embedding",
                table: "Stories",
                type: "varbinary(max)",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "EmbeddingModel",
                table: "Stories",
                type: "nvarchar(100)",
                maxLength: 100,
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_Stories_UpdatedAt",
                table: "Stories",
                column: "UpdatedAt");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Stories_UpdatedAt",
                table: "Stories");

            migrationBuilder.DropColumn(
                name: "Embedding",
                table: "Stories");

            migrationBuilder.DropColumn(
                name: "EmbeddingModel",
                table: "Stories");
        }
    }
}
